"""The JSON report writer: the same document as json.dumps, one record a line."""
from __future__ import annotations

import json

from hypothesis import given, strategies as st

from studio.cli.json_out import report_json

records = st.dictionaries(st.text(max_size=8), st.one_of(st.none(), st.booleans(), st.integers(),
                                                         st.floats(allow_nan=False), st.text(max_size=12)),
                          max_size=4)
reports = st.dictionaries(st.text(max_size=10), st.one_of(st.lists(records, max_size=4), records, st.none()),
                          max_size=5)


@given(reports)
def test_it_parses_back_to_the_same_document(report):
    assert json.loads(report_json(report)) == report


def test_each_record_is_one_line():
    text = report_json({"modules": [{"id": "a"}, {"id": "b"}], "paths": [], "error": None})
    assert text.splitlines() == ['{', '  "modules": [', '    {"id": "a"},', '    {"id": "b"}', '  ],',
                                 '  "paths": [],', '  "error": null', '}']
