"""The player files as packages ship them: compacted (indentation, blank lines and whole-line
comments out, every line of code kept), still valid JavaScript, and within the weight budget."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from studio.export import pages
from studio.export.formats import AVAILABLE
from studio.export.selftest import PLAYER_BUDGET_BYTES

SHIPPED = sorted({*pages.PLAYER_ASSETS, *(fmt.ADAPTER for fmt in AVAILABLE.values()),
                  *(name for fmt in AVAILABLE.values() for name in getattr(fmt, "STYLES", ()))})


def test_compact_keeps_every_line_of_code_and_drops_only_layout_and_comments():
    source = ("/* a header\n   over two lines */\n(function () {\n  // a note\n"
              "  var url = \"http://x/*y*/\"; // kept\n\n"
              "  /* one line */\n  /* before */ var b = 1;\n  return url\n})();\n")
    assert pages.compact(source) == ('(function () {\nvar url = "http://x/*y*/"; // kept\n/* before */ var b = 1;\n'
                                     'return url\n})();\n')


@pytest.mark.parametrize("source", ["/* a\n b */ var x = 1;\n", "var s = `a\nb`;\n", "var s = 'a\\\nb';\n"])
def test_compact_refuses_what_it_cannot_do_safely(source):
    with pytest.raises(ValueError, match="line"):
        pages.compact(source)


@pytest.mark.parametrize("name", SHIPPED)
def test_every_shipped_player_file_is_lighter_and_still_parses(name, tmp_path):
    shipped = pages.asset(name)
    parts = pages.ADAPTER_PARTS.get(name, (name,))
    source = sum(len((pages.PLAYER_DIR / part).read_bytes()) for part in parts)
    assert len(shipped) < source * 0.97
    if name.endswith(".css"):
        assert shipped.count(b"{") == shipped.count(b"}") and b"/*" not in shipped
        return
    node = shutil.which("node")
    if node is None:
        pytest.skip("no node to parse the JavaScript with (the browser tests still run it)")
    script = tmp_path / name
    script.write_bytes(shipped)
    result = subprocess.run([node, "--check", str(script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("name", sorted(AVAILABLE))
def test_the_player_with_each_adapter_stays_well_under_budget(name):
    fmt = AVAILABLE[name]
    assert pages.player_weight(fmt.ADAPTER, getattr(fmt, "STYLES", ())) <= 42_000 < PLAYER_BUDGET_BYTES
