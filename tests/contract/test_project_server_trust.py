"""A memory server named by a project's committed ``.aegis.json`` is used only once
the user trusts it (``aegis trust``): until then memory stays in the local store, and
the CLI, doctor and the session briefing say why (aegis.trust)."""

from __future__ import annotations

import json
from pathlib import Path
import stat

SERVER = "memory.example.invalid"       # .invalid never resolves: nothing can be sent


def test_an_untrusted_project_server_gets_nothing_until_trusted(run_pyz, pyz, project,
                                                                data_dir):
    (project / ".aegis.json").write_text(json.dumps({"backend": "aegisdb", "host": SERVER}))

    saved = run_pyz("remember", "We deploy with make ship.")
    assert saved.returncode == 0, saved.stderr
    assert b"names the memory server memory.example.invalid:9470" in saved.stderr
    assert f"run `python3 {Path(pyz).resolve()} trust`".encode() in saved.stderr
    listed = json.loads(run_pyz("list", "--json").stdout)
    assert [m["text"] for m in listed["memories"]] == ["We deploy with make ship."]

    payload = {"session_id": "s1", "cwd": str(project), "source": "startup"}
    briefing = run_pyz("hook", "session-start", input=json.dumps(payload))
    assert (briefing.returncode, briefing.stderr) == (0, b"")
    # trial3 D1: the hint names the running zipapp, not a runtime/ folder the project lacks
    hint = f"run `python3 {Path(pyz).resolve()} trust` in this project"
    assert hint in json.loads(briefing.stdout)["systemMessage"]

    doctor = json.loads(run_pyz("doctor", "--json").stdout)
    config = next(check for check in doctor["checks"] if check["name"] == "config")
    assert not config["ok"] and SERVER in config["detail"]

    trusted = run_pyz("trust")
    assert (trusted.returncode, trusted.stderr) == (0, b""), trusted.stderr
    assert f"{SERVER}:9470".encode() in trusted.stdout
    record = data_dir / "trusted_servers.json"
    assert stat.S_IMODE(record.stat().st_mode) == 0o600
    assert json.loads(record.read_text()) == {str((project / ".aegis.json").resolve()):
                                              f"{SERVER}:9470"}

    # Now the project's server is the store: it cannot be reached, and doctor says so.
    doctor = json.loads(run_pyz("doctor", "--json").stdout)
    assert not doctor["ok"]
    assert all(SERVER not in c["detail"] for c in doctor["checks"] if c["name"] == "config")
    assert SERVER in json.dumps(doctor["checks"])

    revoked = run_pyz("trust", "--revoke")
    assert revoked.returncode == 0 and b"no longer trusted" in revoked.stdout
    again = json.loads(run_pyz("list", "--json").stdout)
    assert [m["text"] for m in again["memories"]] == ["We deploy with make ship."]


def test_trust_without_a_project_server_is_a_clear_usage_error(run_pyz, project):
    done = run_pyz("trust")
    assert done.returncode == 2 and b"Traceback" not in done.stderr
    assert b"nothing to trust" in done.stderr
