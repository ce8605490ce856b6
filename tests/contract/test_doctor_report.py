"""``aegis doctor`` from the built pyz: a table a person can read, saying only what it
can back — what the scrub record says was done, and where the memories really are."""

from __future__ import annotations

import json
import re
import uuid


def checks(run_pyz, env: dict | None = None) -> dict[str, dict]:
    doctor = json.loads(run_pyz("doctor", "--json", env=env).stdout)
    return {check["name"]: check for check in doctor["checks"]}


def test_a_new_store_is_reported_created_under_the_rules_not_scrubbed(run_pyz):
    assert run_pyz("remember", "we pin dependencies with uv lock").returncode == 0
    detail = checks(run_pyz)["redaction"]["detail"]
    assert detail == "the store was created under the current rules", detail


def test_the_table_aligns_status_name_and_detail_columns(run_pyz):
    done = run_pyz("doctor", env={"AEGIS_RECALL_TOP_K": "many"})       # one check fails
    lines = done.stdout.decode().splitlines()
    assert done.returncode == 1 and any(line.startswith("FAIL  config:") for line in lines)
    rows = [re.match(r"(ok|FAIL) +(\S[^:]*:) +\S", line) for line in lines]
    assert all(rows), lines
    assert len({row.start(2) for row in rows}) == 1, lines          # names in one column
    assert len({row.end() for row in rows}) == 1, lines             # details in one column


def test_with_a_namespaced_token_the_store_line_names_the_pool_not_the_directory(
        start_server, run_pyz, project):
    token = f"pool-{uuid.uuid4().hex}"
    env = start_server(tokens=[f"{token} acme-shop rw"]).env(token=token, plugin=True)
    assert run_pyz("remember", "Releases are cut from main on Tuesdays.", env=env).returncode == 0
    detail = checks(run_pyz, env)["store"]["detail"]
    assert detail.startswith("aegisdb: 1 memory in the token's pool 'acme-shop'"), detail
    assert "dir:" not in detail, detail
