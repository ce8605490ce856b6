"""The CLI's human output, from the built zipapp: plain words, right plurals, empty
results that say which project they were for, a cross-project list, and `purge`."""

from __future__ import annotations

import json
import re

import pytest

REPR = re.compile(r"\{'|'\}|\bNone\b|\bTrue\b|\bFalse\b|\(s\)")


@pytest.fixture
def aegis(run_pyz, tmp_path):
    # purge also looks in the temp dir for the runtime's fallback: keep it private to the test
    temp = tmp_path / "tmp"
    temp.mkdir()

    def run(*args, ok=True, **kw):
        env = {"TMPDIR": str(temp), **kw.pop("env", {})}
        proc = run_pyz(*args, env=env, **kw)
        assert b"Traceback" not in proc.stderr
        assert (proc.returncode == 0) == ok, (args, proc.returncode, proc.stderr)
        return proc.stdout.decode(), proc.stderr.decode()
    return run


def test_human_output_has_no_python_reprs_and_right_plurals(aegis):
    out, _ = aegis("remember", "--tags", "deploy", "We deploy with make ship.")
    memory_id = out.split()[-1]
    aegis("update", memory_id, "--text", "We deploy with make ship on Tuesdays.")
    stats, _ = aegis("stats")
    assert not REPR.search(stats), stats
    assert "(1 memory)" in stats and "kinds: 1 fact" in stats
    assert "0 memories" in stats                         # the empty user tier
    got, _ = aegis("get", memory_id)
    assert got.count("on Tuesdays") == 1                 # the text once, not three times
    assert "earlier versions:" in got and "v1" in got and not REPR.search(got)
    _, err = aegis("export", "out.jsonl")
    assert "exported 1 memory to" in err
    imported, _ = aegis("import", "out.jsonl")
    assert imported.startswith("nothing new imported: 1 memory was already there")


def test_empty_results_name_the_project_and_how_to_choose_another(aegis, project, tmp_path):
    other = tmp_path / "elsewhere"
    other.mkdir()
    aegis("remember", "A memory of the main project.")
    listed, _ = aegis("-C", str(other), "list")
    assert listed.startswith("no memories yet in dir:") and str(other) in listed
    assert "-C DIR" in listed and "--all-projects" in listed
    found, _ = aegis("-C", str(other), "search", "anything")
    assert found.startswith("no memory matches in dir:") and "-C DIR" in found


def test_list_all_projects_shows_every_namespace_with_counts(aegis, tmp_path):
    for name, texts in (("alpha", ["Alpha uses Rust.", "Alpha ships weekly."]),
                        ("beta", ["Beta uses Go."])):
        path = tmp_path / name
        path.mkdir()
        for text in texts:
            aegis("-C", str(path), "remember", text)
    out, _ = aegis("list", "--all-projects")
    assert re.search(r"^dir:\S*alpha  \(2 memories\)$", out, re.M), out
    assert re.search(r"^dir:\S*beta  \(1 memory\)$", out, re.M), out
    assert "Alpha ships weekly." in out and "Beta uses Go." in out
    data = json.loads(aegis("list", "--all-projects", "--json")[0])
    assert sorted(g["memories"] for g in data["namespaces"]) == [1, 2]


@pytest.mark.parametrize("key", ["aegisdb_token", "auth_token", "AEGIS_AUTH_TOKEN",
                                 "CLAUDE_PLUGIN_OPTION_AEGISDB_TOKEN", "voyage_api_key",
                                 "VOYAGE_API_KEY", "github_token"])
def test_every_token_field_in_a_project_file_is_refused_as_a_secret(aegis, project, key):
    (project / ".aegis.json").write_text(json.dumps({key: "s3cr3t-value-123"}))
    _, err = aegis("stats")
    assert f"{key} ignored — secrets do not belong in a project file" in err
    assert "unknown setting" not in err and "s3cr3t" not in err


def test_purge_asks_first_then_removes_the_data_dir(aegis, data_dir):
    aegis("remember", "Something worth keeping.")
    assert (data_dir / "memory.db").exists()
    _, err = aegis("purge", ok=False)                      # no terminal to ask on: refuses
    assert "--yes" in err and (data_dir / "memory.db").exists()
    out, _ = aegis("purge", "--yes")
    assert f"removed {data_dir}" in out and "claude plugin uninstall" in out
    assert not data_dir.exists()
    # (Running the pyz again re-creates its byte-code cache in the data dir, so a second
    # purge finds that cache to remove; the memories are gone for good.)
    again, _ = aegis("purge", "--yes")
    assert not (data_dir / "memory.db").exists() and "removed" in again


def test_purge_refuses_a_data_dir_that_is_home(aegis, isolated_env):
    _, err = aegis("purge", "--yes", env={"AEGIS_DATA_DIR": str(isolated_env)}, ok=False)
    assert "refusing to purge" in err and isolated_env.exists()


def test_purge_keeps_files_aegis_did_not_write(aegis, tmp_path):
    # AEGIS_DATA_DIR pointed at a folder of the user's own: only Aegis's entries go
    shared = tmp_path / "shared"
    (shared / "notes").mkdir(parents=True)
    (shared / "thesis.txt").write_text("important")
    (shared / "notes" / "a.md").write_text("mine")
    env = {"AEGIS_DATA_DIR": str(shared)}
    aegis("remember", "Something worth keeping.", env=env)
    assert (shared / "memory.db").exists()
    _, err = aegis("purge", env=env, ok=False)
    assert "2 entries Aegis did not write" in err and "notes, thesis.txt" in err
    out, _ = aegis("purge", "--yes", env=env)
    assert f"removed Aegis data from {shared}" in out and "kept:" in out
    assert sorted(p.name for p in shared.iterdir()) == ["notes", "thesis.txt"]
    assert (shared / "thesis.txt").read_text() == "important"
    assert (shared / "notes" / "a.md").read_text() == "mine"


def test_purge_removes_every_temp_fallback(aegis, tmp_path):
    # where Aegis writes when the data dir cannot be written: the runtime and session state
    import os
    for purpose in ("runtime", "sessions"):
        fallback = tmp_path / "tmp" / f"aegis-{purpose}-{os.getuid()}"
        (fallback / "inner").mkdir(parents=True)
        (fallback / "inner" / "state.json").write_text("{}")
    out, _ = aegis("purge", "--yes")
    assert not list((tmp_path / "tmp").glob("aegis-*")), out


def test_purge_stops_the_running_viewer_so_it_cannot_bring_the_data_dir_back(aegis, data_dir):
    """Trial4 F5: a detached viewer left running re-created the data dir, and an empty
    store, at its next page load; purge stops it first and says so."""
    import os
    import urllib.error
    import urllib.request
    aegis("remember", "Something worth keeping.")
    started, _ = aegis("ui", "--detach")
    url = re.search(r"http://127\.0\.0\.1:\d+/\S*", started).group(0)
    pid = int(re.search(r"pid (\d+)", started).group(1))
    try:
        _, asked = aegis("purge", ok=False)
        assert f"the memory viewer running on it (pid {pid}) is stopped first" in asked
        out, _ = aegis("purge", "--yes")
        assert f"stopped the memory viewer (pid {pid})" in out and f"removed {data_dir}" in out
        with pytest.raises(urllib.error.URLError):          # nothing serves the link any more
            urllib.request.urlopen(url, timeout=5)
        assert not data_dir.exists()
        assert not running(pid)
    finally:
        try:
            os.kill(pid, 15)                                 # the viewer this test started
        except ProcessLookupError:
            pass


def running(pid: int) -> bool:
    """Whether ``pid`` still runs: an exited process nobody reaped yet (a zombie) does not."""
    import os
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            return handle.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except OSError:
        return True
