"""The comment file of a review copy: what it must hold, and one clear message for anything else."""
from __future__ import annotations

import json

import pytest

from studio.review.comments_file import FORMAT, MAX_TEXT, ReviewFileError, read_review_file


def comment(**fields):
    return {"module": "choose-ladder", "block": 1, "anchor": "0123456789abcdef", "kind": "text",
            "at": "2026-12-03T14:01:44.500Z", "text": "Say which ladder.", **fields}


def document(**fields):
    return {"format": FORMAT, "course": {"title": "Ladder safety", "build": "MMS-1"}, "reviewer": "Dana Okafor",
            "saved_at": "2026-12-03T14:05:09.120Z", "comments": [comment()], **fields}


def write(tmp_path, doc, name="dana.json"):
    path = tmp_path / name
    path.write_text(json.dumps(doc) if not isinstance(doc, str) else doc, encoding="utf-8")
    return path


def test_a_file_from_a_review_copy_reads_whole(tmp_path):
    doc = document(comments=[comment(), comment(block=None, anchor=None, kind=None, text="  On the module.  ")])
    review = read_review_file(write(tmp_path, doc))
    assert (review.course_title, review.build, review.reviewer) == ("Ladder safety", "MMS-1", "Dana Okafor")
    assert [(c.module, c.block, c.kind, c.text) for c in review.comments] == [
        ("choose-ladder", 1, "text", "Say which ladder."), ("choose-ladder", None, None, "On the module.")]


@pytest.mark.parametrize("doc, where, says", [
    ("{not json", None, "is not valid JSON"),
    ([], None, "a JSON object was expected"),
    (document(format="microstudio/1"), "format", "expected 'microstudio-review/1'"),
    (document(course="Ladder safety"), "course", "missing or not an object"),
    (document(comments={}), "comments", "missing or not a list"),
    (document(reviewer="  "), "reviewer", "missing or empty"),
    (document(comments=[comment(module="Choose Ladder")]), "comments[0].module", "is not a module id"),
    (document(comments=[comment(), comment(block=-1)]), "comments[1].block", "a block number"),
    (document(comments=[comment(block=True)]), "comments[0].block", "a block number"),
    (document(comments=[comment(at="yesterday")]), "comments[0].at", "not an ISO 8601"),
    (document(comments=[comment(text="x" * (MAX_TEXT + 1))]), "comments[0].text", f"longer than {MAX_TEXT}"),
    (document(comments=[comment(anchor=7)]), "comments[0].anchor", "must be text or null"),
    (document(comments=["a comment"]), "comments[0]", "must be an object"),
])
def test_anything_else_is_refused_naming_the_file_and_the_field(tmp_path, doc, where, says):
    path = write(tmp_path, doc)
    with pytest.raises(ReviewFileError) as caught:
        read_review_file(path)
    assert caught.value.where == where and says in caught.value.message
    assert caught.value.file == str(path)


def test_a_json_error_names_its_line(tmp_path):
    path = write(tmp_path, '{\n  "format": "microstudio-review/1",\n  "course": }\n')
    with pytest.raises(ReviewFileError) as caught:
        read_review_file(path)
    assert caught.value.line == 3


def test_json_nested_too_deep_is_one_message(tmp_path):
    with pytest.raises(ReviewFileError, match="nested too deep"):
        read_review_file(write(tmp_path, "[" * 200_000))


@pytest.mark.parametrize("make", ["missing", "folder", "binary"])
def test_a_file_that_is_not_there_or_not_text_is_one_message(tmp_path, make):
    path = tmp_path / "dana.json"
    if make == "folder":
        path.mkdir()
    elif make == "binary":
        path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ReviewFileError) as caught:
        read_review_file(path)
    assert {"missing": "not found", "folder": "is a folder", "binary": "not UTF-8"}[make] in caught.value.message
