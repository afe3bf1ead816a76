"""Running the `studio` command in-process, as the CLI tests do."""
from __future__ import annotations

import json

from studio.cli import main


def run(*argv, capsys):
    """(exit code, stdout, stderr) of ``studio ARGV``; a traceback is always a failure."""
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def check_json(target, capsys):
    """(exit code, problems) of ``studio check TARGET --json`` when the check ran."""
    code, out, err = run("check", target, "--json", capsys=capsys)
    assert code in (0, 1), err
    return code, json.loads(out)["problems"]
