"""What the built pyz says about a bad setting: the session-start notice names the
setting and where to fix it, and never echoes a secret pasted into the wrong field."""

from __future__ import annotations

import json

PASTED = "ghp_" + "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z5A"     # a GitHub token's shape


def test_a_token_in_the_port_field_is_not_echoed_and_points_at_the_plugin_settings(
        run_pyz, project):
    start = run_pyz("hook", "session-start", input=json.dumps(
        {"session_id": "pk1", "cwd": str(project), "source": "startup"}),
        env={"CLAUDE_PLUGIN_OPTION_AEGISDB_PORT": PASTED})
    assert (start.returncode, start.stderr) == (0, b"")
    told = json.loads(start.stdout)["systemMessage"]
    assert 'plugin setting "AegisDB port"' in told and "/plugin" in told, told
    assert PASTED[:8] not in told and "40-character value" in told
    doctor = run_pyz("doctor", env={"CLAUDE_PLUGIN_OPTION_AEGISDB_HOST": PASTED * 2})
    assert PASTED[:8].encode() not in doctor.stdout + doctor.stderr
