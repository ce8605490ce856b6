"""Argument parsing corner cases of the CLI, in-process."""

from __future__ import annotations

import io
import json
import os

from aegis.cli import main


def run(*argv: str, project) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["-C", str(project), *argv], env=dict(os.environ), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_a_query_that_looks_like_a_flag_is_searched_for(project):
    assert run("remember", "Raise --tenant-max-records for the big tenant", project=project)[0] == 0
    code, out, err = run("search", "--json", "--tenant-max-records", project=project)
    assert code == 0, err
    assert [r["text"] for r in json.loads(out)["results"]] == [
        "Raise --tenant-max-records for the big tenant"]


def test_search_without_a_query_is_a_usage_error(project):
    code, out, err = run("search", project=project)
    assert (code, out) == (2, "")
    assert err.startswith("aegis: error:") and "QUERY" in err and err.count("\n") == 1


def test_other_commands_still_reject_unknown_flags(project):
    code, _, err = run("list", "--bogus", project=project)
    assert code == 2 and "--bogus" in err and "Traceback" not in err
