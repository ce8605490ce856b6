"""A new user's findings, through the built pyz: a closed stdin, an update that
changes nothing, the earlier-namespace hint, bad plugin settings, `--user`, the
import/migrate reports and a data dir under a file."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


def saved_id(run_pyz, text: str, *args: str) -> str:
    done = run_pyz("remember", "--json", *args, text)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["id"]


def test_remember_from_a_closed_stdin_is_bad_input_in_one_line(pyz, project):
    done = subprocess.run([sys.executable, str(pyz), "remember", "-"], stdin=subprocess.DEVNULL,
                          capture_output=True, cwd=project, close_fds=True,
                          preexec_fn=lambda: os.close(0))   # as `<&-` does
    err = done.stderr.decode()
    assert done.returncode == 1
    assert err.count("\n") == 1 and "stdin is closed" in err, err
    assert "internal error" not in err


def test_an_update_that_changes_nothing_adds_no_version(run_pyz):
    memory_id = saved_id(run_pyz, "We deploy with make ship.")
    for _ in range(2):
        same = run_pyz("update", memory_id, "--tags", "")
        assert same.returncode == 0, same.stderr
        assert "nothing changed" in same.stdout.decode()
    as_json = json.loads(run_pyz("update", memory_id, "--importance", "0.5", "--json").stdout)
    assert as_json["changed"] is False and as_json["version"] == 1
    got = json.loads(run_pyz("get", memory_id, "--json").stdout)
    assert got["memory"]["version"] == 1 and got["history"] == []
    changed = json.loads(run_pyz("update", memory_id, "--tags", "deploy", "--json").stdout)
    assert changed["changed"] is True and changed["version"] == 2


def test_memory_update_names_what_it_redacted_as_memory_save_does(pyz, data_dir, project):
    pytest.importorskip("mcp")
    from tests.contract.test_server import Server, expect_ok
    secret = "password=Hunter2-Sup3r-secret!"

    async def scenario(session, _opened):
        saved = await expect_ok(session, "memory_save", text="The staging login is admin.")
        updated = await expect_ok(session, "memory_update", id=saved["id"],
                                  text=f"The staging login is admin, {secret}")
        again = await expect_ok(session, "memory_update", id=saved["id"],
                                text=f"The staging login is admin, {secret}")
        return saved, updated, again

    saved, updated, again = Server(pyz, data_dir).run(project, scenario)
    assert updated == {"ok": True, "id": saved["id"], "version": 2, "changed": True,
                       "redacted": ["secret"]}
    assert again == {"ok": True, "id": saved["id"], "version": 2, "changed": False,
                     "redacted": ["secret"]}


def test_the_earlier_namespace_hint_does_not_hide_behind_a_user_memory(run_pyz, project):
    saved_id(run_pyz, "We deploy with make ship.")
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    assert "adopt` moves it here" in run_pyz("list").stdout.decode()
    saved_id(run_pyz, "I prefer terse answers.", "--scope", "user")
    listed = run_pyz("list").stdout.decode()
    assert "I prefer terse answers." in listed
    assert "saved before its git remote or repository existed" in listed, listed
    saved_id(run_pyz, "Tests run with make check.")
    assert "saved before" not in run_pyz("list").stdout.decode()


def test_every_bad_plugin_setting_is_named_however_many(run_pyz, project):
    env = {"CLAUDE_PLUGIN_OPTION_BACKEND": "postgres-or-mysql-or-x",
           "CLAUDE_PLUGIN_OPTION_AEGISDB_HOST": "memory internal host",
           "CLAUDE_PLUGIN_OPTION_AEGISDB_PORT": "not-a-port-number-at-all",
           "CLAUDE_PLUGIN_OPTION_EMBEDDING_MODE": "sentence-transformers"}
    done = run_pyz("hook", "session-start", env=env,
                   input=json.dumps({"session_id": "s1", "cwd": str(project),
                                     "source": "startup"}))
    told = json.loads(done.stdout)["systemMessage"]
    for title, value in (("Storage backend", "postgres-or-mysql-or-x"),
                         ("AegisDB host", "memory internal host"),
                         ("AegisDB port", "not-a-port-number-at-all"),
                         ("Embeddings", "sentence-transformers")):
        assert f'"{title}" \'{value}\'' in told, told
    assert "more)" not in told and "\n" not in told and len(told) <= 300, told


def test_remember_takes_user_as_the_slash_command_does(run_pyz):
    done = run_pyz("remember", "--json", "--user", "I prefer terse answers.")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["memory"]["namespace"].startswith("user:")


def test_a_second_import_says_nothing_new_was_added(run_pyz, project):
    first = saved_id(run_pyz, "We deploy with make ship.")
    second = saved_id(run_pyz, "The staging database listens on port 5433.")
    assert run_pyz("relate", first, second).returncode == 0
    assert run_pyz("export", "exp.jsonl").returncode == 0
    again = run_pyz("import", "exp.jsonl")
    assert again.returncode == 0, again.stderr
    said = again.stdout.decode().strip()
    assert said == "nothing new imported: 2 memories and 1 relation were already there", said
    report = json.loads(run_pyz("import", "--json", "exp.jsonl").stdout)
    assert (report["added"], report["relations"], report["relations_present"]) == (0, 0, 1)


def test_migrate_counts_one_memory_in_the_singular(run_pyz, start_server):
    env = start_server().env()
    saved_id(run_pyz, "We deploy with make ship.")
    done = run_pyz("migrate", "--from", "sqlite", "--to", "aegisdb", env=env)
    assert done.returncode == 0, done.stderr
    assert "copied 1 memory from" in done.stdout.decode(), done.stdout


def test_a_data_dir_under_a_file_names_the_file(run_pyz, tmp_path):
    blocker = tmp_path / "f"
    blocker.write_text("")
    done = run_pyz("remember", "x y z", env={"AEGIS_DATA_DIR": str(blocker / "sub")})
    err = done.stderr.decode()
    assert done.returncode == 1 and err.count("\n") == 1, err
    assert f"{blocker} is a file, not a directory" in err and "File exists" not in err, err


def test_doctor_asks_a_read_only_token_once_whether_it_may_write(run_pyz, start_server):
    token = "ro-" + os.urandom(8).hex()
    server = start_server(tokens=[f"{token} acme ro"])
    done = run_pyz("doctor", env=server.env(token))
    assert "read-only token for 'acme'" in done.stdout.decode(), done.stdout
    log = (server.data_dir.parent / f"{server.data_dir.name}.log").read_text()
    assert log.count("read-only token attempted") == 1, log     # AegisDB 0.7 has no whoami
