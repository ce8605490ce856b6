"""Through the BUILT pyz: a relative AEGIS_DATA_DIR is ignored with a warning instead of
growing a store in whatever directory a command runs in (F20), and ``doctor`` without a
token does not claim an authenticated AegisDB server runs without authentication (F4)."""

from __future__ import annotations

import json

import pytest


# "reldata" has the cwd as its parent, so the zipapp's starter (which restates the data
# dir to find its byte-code cache before aegis loads) could create it there.
@pytest.mark.parametrize("relative", ["relative/dir", "reldata"])
def test_a_relative_data_dir_is_ignored_and_nothing_lands_in_the_project(
        run_pyz, project, relative):
    for args in (("remember", "We deploy with make ship."), ("version",), ("search", "deploy")):
        done = run_pyz(*args, env={"AEGIS_DATA_DIR": relative})
        assert done.returncode == 0, done.stderr
        warning = "AEGIS_DATA_DIR='%s' ignored: expected an absolute path" % relative
        assert warning.encode() in done.stderr
        assert not (project / relative.split("/")[0]).exists(), list(project.rglob("*"))


def test_doctor_without_a_token_says_the_server_requires_one(start_server, run_pyz):
    server = start_server()                    # authentication on, as every test server
    doctor = run_pyz("doctor", "--json", env=server.env(token=None))
    checks = {c["name"]: c for c in json.loads(doctor.stdout)["checks"]}
    auth = checks["aegisdb auth"]
    assert auth["ok"] is False and "requires one" in auth["detail"], auth
    assert "without authentication" not in auth["detail"]
