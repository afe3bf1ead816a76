"""The C composer reads what the careful, patched pure-Python composer reads, with the same
lines; the careful path still explains every syntax error."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bench.check_speed import generate
from studio.errors import SourceError
from studio.source import yaml_lines
from studio.source.yaml_lines import load_yaml

EXAMPLE = Path(__file__).resolve().parents[1] / "resources" / "example" / "course.yaml"


def careful(text: str):
    node = yaml_lines._compose_careful(text, "course.yaml")
    builder = yaml_lines._Builder("course.yaml")
    return builder.build(node, ""), builder.lines


@pytest.mark.parametrize("text", [EXAMPLE.read_text(encoding="utf-8"), generate(modules=40, paths=4),
                                  "a: {text: What would you change?}\nb: [x?, 'y']\nc: &x {k: 1}\nd: *x\n"
                                  "e: {<<: *x, j: 2}\nf: 2027-01-04\ng: 1.5e3\nh: ~\n"])
def test_fast_and_careful_paths_agree_on_values_and_lines(text):
    assert yaml_lines._compose_fast(text) is not yaml_lines._REJECTED
    fast = load_yaml(text, "course.yaml")
    data, lines = careful(text)
    assert fast.data == data and fast.lines == lines


def test_the_contracts_survey_item_with_a_question_mark_reads_on_both_paths():
    text = "items:\n  - {text: What would you change?}\n"
    assert load_yaml(text, "c.yaml").data == careful(text)[0] == {"items": [{"text": "What would you change?"}]}


def test_a_syntax_error_is_explained_by_the_careful_path():
    text = "title: T\nmodules: [a, b\n\nother: 1\n"
    assert yaml_lines._compose_fast(text) is yaml_lines._REJECTED
    with pytest.raises(SourceError) as caught:
        load_yaml(text, "course.yaml")
    assert "unclosed '[' opened on line 2" in str(caught.value)


def test_without_libyaml_the_careful_path_reads_the_file(monkeypatch):
    monkeypatch.delattr(yaml, "CSafeLoader")
    assert load_yaml("a: {text: What?}\n", "c.yaml").data == {"a": {"text": "What?"}}
