"""New-user findings on the CLI, through the built pyz: what a command says when the
store is away, flags validated at parse time, write errors in one line, notices
and counts in whole sentences."""

from __future__ import annotations

import json
import os

from aegis.capture.layout import CaptureFiles
from aegis.capture.spool import Candidate, append


def spool_one(data_dir, target: str) -> None:
    files = CaptureFiles.in_data_dir(data_dir).ensure()
    append(files, [Candidate(capture_id="cap_1", text="We deploy with make ship.",
                             category="convention", kind="fact", tags=(), importance=0.5,
                             confidence=0.8, scope="project", role="user", session_id="s",
                             project_namespace="p", user_namespace="u", target=target)])


def test_stats_shows_the_spool_when_the_server_is_down(run_pyz, data_dir, start_server):
    server = start_server()
    env = server.env()
    server.stop()
    spool_one(data_dir, f"aegisdb {server.address}")
    done = run_pyz("stats", env=env)
    assert done.returncode == 1
    out, err = done.stdout.decode(), done.stderr.decode()
    assert f"1 memory waiting for aegisdb {server.address}" in out
    assert "backend: aegisdb" in out and "recall:" in out
    assert err.count("\n") == 1 and "unavailable" in err and "Traceback" not in err
    as_json = run_pyz("stats", "--json", env=env)
    assert as_json.returncode == 1
    data = json.loads(as_json.stdout)
    assert data["capture"]["waiting"] == {f"aegisdb {server.address}": 1}
    assert "unavailable" in data["store_error"]


def test_list_all_projects_on_aegisdb_is_refused_and_never_suggested(run_pyz, aegisdb_env):
    empty = run_pyz("list", env=aegisdb_env)
    assert empty.returncode == 0, empty.stderr.decode()
    assert "no memories yet" in empty.stdout.decode()
    assert "--all-projects" not in empty.stdout.decode()
    refused = run_pyz("list", "--all-projects", env=aegisdb_env)
    assert refused.returncode == 1
    err = refused.stderr.decode()
    assert err.count("\n") == 1 and "not supported on AegisDB" in err


def test_list_all_projects_is_suggested_on_sqlite(run_pyz):
    assert "`list --all-projects`" in run_pyz("list").stdout.decode()


def test_doctor_names_a_read_only_token(run_pyz, start_server):
    token = "ro-" + os.urandom(8).hex()
    server = start_server(tokens=[f"{token} acme ro"])
    done = run_pyz("doctor", env=server.env(token))
    out = done.stdout.decode()
    line = next(x for x in out.splitlines() if "aegisdb auth" in x)
    assert line.startswith("FAIL") and "read-only token for 'acme'" in line, out
    assert "saves and captures will be refused" in line
    assert "AEGIS_CAPTURE_ENABLED=false" in line
    assert done.returncode == 1


def test_doctor_passes_a_read_only_token_when_capture_is_off(run_pyz, start_server):
    token = "ro-" + os.urandom(8).hex()
    server = start_server(tokens=[f"{token} acme ro"])
    done = run_pyz("doctor", env={**server.env(token), "AEGIS_CAPTURE_ENABLED": "false"})
    out = done.stdout.decode()
    line = next(x for x in out.splitlines() if "aegisdb auth" in x)
    assert not line.startswith("FAIL") and "capture is off, so nothing is written" in line, out
    assert done.returncode == 0, out


def test_doctor_says_the_voyage_key_is_missing(run_pyz):
    done = run_pyz("doctor", env={"AEGIS_EMBEDDING_MODE": "voyage", "VOYAGE_API_KEY": ""})
    line = next(x for x in done.stdout.decode().splitlines() if " config: " in x)
    assert line.startswith("FAIL") and "VOYAGE_API_KEY" in line, line


def test_doctor_reports_a_bad_setting_once_and_counts_in_words(run_pyz):
    assert run_pyz("remember", "We deploy with make ship.").returncode == 0
    done = run_pyz("doctor", env={"AEGIS_RECALL_TOP_K": "lots"})
    said = done.stdout.decode() + done.stderr.decode()
    assert said.count("AEGIS_RECALL_TOP_K") == 1, said
    assert done.stderr == b""
    assert "1 memory in " in said and "1 memories" not in said


def test_export_to_a_full_disk_is_one_error_line(run_pyz):
    assert run_pyz("remember", "We deploy with make ship.").returncode == 0
    done = run_pyz("export", "/dev/full")
    assert done.returncode == 1
    assert done.stderr.decode() == ("aegis: error: cannot write /dev/full: "
                                    "No space left on device\n")


def test_a_bad_relation_kind_is_a_usage_error(run_pyz):
    done = run_pyz("relate", "--kind", "bogus", "mem_000000000000", "mem_000000000001")
    assert done.returncode == 2
    err = done.stderr.decode()
    assert err.count("\n") == 1 and "--kind" in err and "supersedes" in err


def test_forget_query_without_yes_speaks_of_one_memory_in_the_singular(run_pyz):
    assert run_pyz("remember", "We deploy with make ship.").returncode == 0
    done = run_pyz("forget", "--query", "deploy make ship")
    assert done.returncode == 2
    err = done.stderr.decode()
    assert "1 memory matches (" in err and "to delete it," in err, err


def test_a_wiped_store_notice_is_whole_within_its_cap(run_pyz, tmp_path, project):
    deep = tmp_path / "aegis-data"          # a path as long as a home dir's data dir, and more
    deep.mkdir(parents=True)
    (deep / "memory.db").write_bytes(b"")
    payload = {"session_id": "s1", "cwd": str(project), "source": "startup"}
    done = run_pyz("hook", "session-start", input=json.dumps(payload),
                   env={"AEGIS_DATA_DIR": str(deep)})
    assert (done.returncode, done.stderr) == (0, b"")
    notice = json.loads(done.stdout)["systemMessage"]
    assert str(deep / "memory.db") in notice
    assert notice.endswith("to start a new store; continuing without recall.") and \
        len(notice) <= 300, notice


def test_mcp_top_k_has_the_cli_cap_and_runtime_locks_are_0600(pyz, tmp_path, project, run_pyz):
    import stat

    from tests.contract.test_server import Server

    data_dir = tmp_path / "fresh-data"               # a first start: the runtime is extracted

    async def scenario(session, initialized):
        return {tool.name: tool for tool in (await session.list_tools()).tools}
    tools = Server(pyz, data_dir).run(project, scenario)
    top_k = tools["memory_search"].input_schema["properties"]["top_k"]
    assert top_k["maximum"] == 100
    over = run_pyz("search", "--top-k", "101", "deploy")
    assert over.returncode == 2 and b"between 1 and 100" in over.stderr
    locks = list((data_dir / "runtime").rglob(".*_lock"))
    assert locks
    assert {oct(stat.S_IMODE(p.stat().st_mode)) for p in locks} == {"0o600"}


def test_list_with_filters_that_match_nothing_says_so_not_no_memories_yet(run_pyz):
    assert run_pyz("remember", "--tags", "deploy", "We deploy with make ship.").returncode == 0
    done = run_pyz("list", "--tags", "nosuch")
    assert done.returncode == 0
    said = done.stdout.decode()
    assert said.startswith("no memories match --tags") and "yet" not in said, said
    both = run_pyz("list", "--tags", "deploy", "--since", "2099-01-01").stdout.decode()
    assert "no memories match --tags and --since" in both, both


def test_a_data_dir_that_is_a_file_is_named_as_the_problem(run_pyz, tmp_path, project):
    afile = tmp_path / "afile"
    afile.write_text("")
    env = {"AEGIS_DATA_DIR": str(afile)}
    listed = run_pyz("list", env=env)
    assert listed.returncode != 0
    assert f"the data dir {afile} is a file, not a directory".encode() in listed.stderr
    start = run_pyz("hook", "session-start", env=env, input=json.dumps(
        {"session_id": "dd", "cwd": str(project), "source": "startup"}))
    assert (start.returncode, start.stderr) == (0, b"")
    told = json.loads(start.stdout)["systemMessage"]
    assert "is a file, not a directory" in told and "backfill" not in told, told


def test_update_says_it_redacted_a_secret_as_remember_does(run_pyz):
    saved = json.loads(run_pyz("remember", "--json", "The staging db lives on db3.").stdout)
    done = run_pyz("update", saved["id"], "--text",
                   "The staging db lives on db3 (the password is Zz9#kQ2vL8x).")
    assert done.returncode == 0 and b"1 secret redacted" in done.stdout, done.stdout
    got = json.loads(run_pyz("get", "--json", saved["id"]).stdout)
    assert "Zz9#kQ2vL8x" not in json.dumps(got)


def test_a_second_fact_in_a_superseded_memory_outlives_it(run_pyz):
    """Trial2 #19 (F16): replacing the deploy rule must not hide the staging fact that
    shared its memory; it is carried into a memory of its own."""
    for text in ("We deploy with make ship; staging uses the blue cluster",
                 "We now deploy with make release instead of make ship"):
        assert run_pyz("remember", text).returncode == 0
    found = json.loads(run_pyz("search", "--json", "which cluster does staging use").stdout)
    texts = [hit["text"] for hit in found["results"]]
    assert "Staging uses the blue cluster." in texts, texts
    live = [m["text"] for m in json.loads(run_pyz("list", "--json").stdout)["memories"]]
    assert sorted(live) == ["Staging uses the blue cluster.",
                            "We now deploy with make release instead of make ship"], live


def test_a_directory_whose_name_is_not_utf8_is_a_project_like_any_other(run_pyz, tmp_path):
    """trial4 F10: ``caf\\xe9`` (from an old archive) was an internal error everywhere."""
    odd = tmp_path / os.fsdecode(b"caf\xe9")
    odd.mkdir()
    saved = run_pyz("remember", "--json", "Builds use meson.", cwd=odd)
    assert saved.returncode == 0, saved.stderr
    assert json.loads(saved.stdout)["memory"]["namespace"].endswith("/caf\\xe9")
    listed = run_pyz("list", "--json", cwd=odd)
    assert [m["text"] for m in json.loads(listed.stdout)["memories"]] == ["Builds use meson."]
    for args in (("search", "meson"), ("search", "zebra"), ("doctor",), ("stats",)):
        done = run_pyz(*args, cwd=odd)
        assert b"internal error" not in done.stderr and b"Traceback" not in done.stderr, args
