"""Caption files: reading what real tools write, re-timing to a cut, refusing broken files."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studio.errors import MediaError
from studio.media.captions import Captions, Cue, read_captions, retime_captions, retime_cues, write_captions
from studio.media.plan import CutPlan

VTT = """WEBVTT
Kind: captions

STYLE
::cue { color: yellow }

NOTE written by hand --> with an arrow in a note

intro
00:01.000 --> 00:02.500 align:start line:90%
Welcome to the module.

00:00:03.000 --> 00:00:05.000
Two lines
of text.
"""

SRT = ("\ufeff1\r\n00:00:01,000 --> 00:00:02,000\r\nFirst\r\n\r\n"
       "2\r\n00:00:03,000 --> 00:00:04,000\r\nSecond, with <i>style</i>\r\n"
       "3\r\n00:00:05,500 --> 00:00:06,000\r\nThe blank line above was forgotten\r\n")


def _write(path, text):
    path.write_bytes(text.encode("utf-8"))
    return path


def test_reads_webvtt_with_ids_settings_short_times_and_multiline_text(tmp_path):
    captions = read_captions(_write(tmp_path / "talk.vtt", VTT))

    assert captions.format == "vtt"
    assert captions.cues == (
        Cue(1.0, 2.5, "Welcome to the module.", "intro", "align:start line:90%"),
        Cue(3.0, 5.0, "Two lines\nof text."),
    )
    assert captions.header == ("WEBVTT\nKind: captions", "STYLE\n::cue { color: yellow }")


def test_reads_srt_with_bom_crlf_commas_and_a_missing_blank_line(tmp_path):
    captions = read_captions(_write(tmp_path / "talk.srt", SRT))

    assert [(c.start_s, c.end_s, c.text, c.identifier) for c in captions.cues] == [
        (1.0, 2.0, "First", "1"),
        (3.0, 4.0, "Second, with <i>style</i>", "2"),
        (5.5, 6.0, "The blank line above was forgotten", "3"),
    ]


def test_reads_windows_1252_srt(tmp_path):
    path = tmp_path / "old.srt"
    path.write_bytes("1\n00:00:01,000 --> 00:00:02,000\nCafé crème\n".encode("cp1252"))

    assert read_captions(path).cues[0].text == "Café crème"


def test_retiming_follows_the_cut(tmp_path):
    source = _write(tmp_path / "lesson.srt",
                    "1\n00:00:00,500 --> 00:00:01,500\nkept as is\n\n"
                    "2\n00:00:02,200 --> 00:00:02,800\ninside the removed pause\n\n"
                    "3\n00:00:03,500 --> 00:00:05,500\nspans the second cut\n\n"
                    "4\n00:00:08,000 --> 00:00:11,000\nruns past the trimmed tail\n\n"
                    "5\n00:00:12,000 --> 00:00:13,000\nafter the end\n")
    plan = CutPlan(14.0, ((0.0, 2.0), (3.0, 4.0), (5.0, 9.0)))
    out = tmp_path / "lesson_cut.srt"

    assert retime_captions(source, out, plan) == 3
    assert out.read_text(encoding="utf-8") == (
        "1\n00:00:00,500 --> 00:00:01,500\nkept as is\n\n"
        "2\n00:00:02,500 --> 00:00:03,500\nspans the second cut\n\n"
        "3\n00:00:06,000 --> 00:00:07,000\nruns past the trimmed tail\n")


def test_output_format_follows_the_extension(tmp_path):
    source = _write(tmp_path / "talk.srt", SRT)
    out = tmp_path / "talk.vtt"

    retime_captions(source, out, CutPlan(10.0, ((0.0, 10.0),)))
    text = out.read_text(encoding="utf-8")
    assert text.startswith("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nFirst\n")
    assert [c.text for c in read_captions(out).cues][-1] == "The blank line above was forgotten"


def test_webvtt_round_trip_keeps_header_styles_ids_and_settings(tmp_path):
    source = _write(tmp_path / "talk.vtt", VTT)
    out = tmp_path / "again.vtt"

    retime_captions(source, out, CutPlan(6.0, ((0.0, 6.0),)))
    assert read_captions(out) == read_captions(source)
    assert "NOTE" not in out.read_text(encoding="utf-8")


def test_a_cue_clipped_to_a_flash_is_dropped():
    cues = [Cue(1.0, 2.05, "mostly removed")]
    plan = CutPlan(5.0, ((0.0, 1.0), (2.0, 5.0)))

    assert retime_cues(cues, plan) == []


@pytest.mark.parametrize("text, line, message", [
    ("WEBVTT\n\n00:01.000 --> 00:0x.500\nbad\n", 3, "cannot read the cue timing"),
    ("1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\nno timing here\nstill none\n", 6, "expected a cue timing line"),
    ("1\n00:00:05,000 --> 00:00:02,000\nbackwards\n", 2, "ends before it starts"),
    ("1\n00:00:01,000 --> 00:00:02,000\nok\n\n00:01:75,000 --> 00:01:76,000\nx\n", 5, "below 60"),
])
def test_broken_files_are_reported_with_file_and_line(tmp_path, text, line, message):
    path = _write(tmp_path / "broken.srt", text)

    with pytest.raises(MediaError, match=message) as error:
        read_captions(path)
    assert error.value.line == line
    assert f"broken.srt line {line}" in str(error.value)


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02binary", b"just some notes\nwithout any cue\n"])
def test_files_that_are_not_captions_are_refused_by_name(tmp_path, content):
    path = tmp_path / "notes.srt"
    path.write_bytes(content)

    with pytest.raises(MediaError) as error:
        read_captions(path)
    assert "notes.srt" in str(error.value)


def test_an_unsupported_output_extension_is_refused_before_writing(tmp_path):
    source = _write(tmp_path / "talk.srt", SRT)

    with pytest.raises(MediaError, match=r"\.vtt or \.srt"):
        retime_captions(source, tmp_path / "talk.txt", CutPlan(10.0, ((0.0, 10.0),)))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["talk.srt"]


@st.composite
def cues_and_plans(draw):
    duration = draw(st.floats(1.0, 100.0))
    bounds = sorted(draw(st.lists(st.floats(0.0, duration), min_size=2, max_size=12, unique=True)))
    kept = tuple((bounds[i], bounds[i + 1]) for i in range(0, len(bounds) - 1, 2))
    starts = draw(st.lists(st.floats(0.0, duration + 5), max_size=20))
    cues = [Cue(s, s + draw(st.floats(0.0, 10.0)), f"cue {i}") for i, s in enumerate(starts)]
    return cues, CutPlan(duration, kept)


@settings(max_examples=200, deadline=None)
@given(cues_and_plans())
def test_retimed_cues_keep_their_order_and_stay_inside_the_output(case):
    cues, plan = case
    retimed = retime_cues(cues, plan)

    names = [c.text for c in retimed]
    assert names == sorted(names, key=lambda n: int(n.split()[1]))
    for cue in retimed:
        assert 0.0 <= cue.start_s < cue.end_s <= plan.output_duration_s + 1e-9


def test_write_then_read_round_trips_srt(tmp_path):
    captions = Captions("srt", (Cue(0.0, 1.234, "a"), Cue(3661.5, 3662.0, "b\nc")))
    write_captions(tmp_path / "x.srt", captions)

    assert [(c.start_s, c.end_s, c.text) for c in read_captions(tmp_path / "x.srt").cues] == [
        (0.0, 1.234, "a"), (3661.5, 3662.0, "b\nc")]
