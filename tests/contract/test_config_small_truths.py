"""Through the BUILT pyz: a relative AEGIS_DATA_DIR is ignored with a warning instead of
growing a store in whatever directory a command runs in (F20), and ``doctor`` without a
token does not claim an authenticated AegisDB server runs without authentication (F4)."""

from __future__ import annotations

import json


def test_a_relative_data_dir_is_ignored_and_nothing_lands_in_the_project(run_pyz, project):
    done = run_pyz("remember", "We deploy with make ship.",
                   env={"AEGIS_DATA_DIR": "relative/dir"})
    assert done.returncode == 0, done.stderr
    assert b"AEGIS_DATA_DIR='relative/dir' ignored: expected an absolute path" in done.stderr
    assert not (project / "relative").exists(), list(project.rglob("*"))


def test_a_relative_data_dir_grows_no_byte_code_cache_in_the_project(run_pyz, project):
    # The zipapp's starter finds its byte-code cache before aegis is loaded: it must
    # ignore a relative AEGIS_DATA_DIR as aegis does, not cache into the cwd.
    for args in (("version",), ("search", "deploy")):
        done = run_pyz(*args, env={"AEGIS_DATA_DIR": "reldata"})
        assert done.returncode == 0, done.stderr
        assert not (project / "reldata").exists(), list(project.rglob("*"))


def test_doctor_without_a_token_says_the_server_requires_one(start_server, run_pyz):
    server = start_server()                    # authentication on, as every test server
    doctor = run_pyz("doctor", "--json", env=server.env(token=None))
    checks = {c["name"]: c for c in json.loads(doctor.stdout)["checks"]}
    auth = checks["aegisdb auth"]
    assert auth["ok"] is False and "requires one" in auth["detail"], auth
    assert "without authentication" not in auth["detail"]
