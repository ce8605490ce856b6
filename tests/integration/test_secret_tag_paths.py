"""A secret never becomes a tag, whatever derives the tags: through the built pyz, a
transcript sentence holding an AWS key (backfill derives lower-case tags from the
unredacted text), ``remember`` with the key lower-cased as a tag (reported like text
redaction), MCP-free paths on both backends; and ``scrub`` finds and drops secret tags
a store written by an older release still holds. The key is assembled at run time."""

from __future__ import annotations

import json
import os
import secrets
import string

import pytest

from tests.transcript_tree import write_session


def aws_key() -> str:
    return "AKIA" + "".join(secrets.choice(string.ascii_uppercase + string.digits)
                            for _ in range(16))


def stored_bytes(data_dir) -> bytes:
    return b"".join(p.read_bytes() for p in data_dir.rglob("*") if p.is_file()).lower()


def all_tags(run_pyz, env) -> list[str]:
    done = run_pyz("list", "--all", "--json", env=env)
    assert done.returncode == 0, done.stderr.decode()
    return [tag for m in json.loads(done.stdout)["memories"] for tag in m["tags"]]


@pytest.fixture
def claude(tmp_path, monkeypatch):
    path = tmp_path / "claude-config"
    monkeypatch.setenv("CLAUDE_CONFIG_DIR", str(path))
    return path


def test_backfill_never_stores_a_key_as_a_tag(run_pyz, claude, project, data_dir, backend_env):
    # a loaded machine must not turn a slow answer into a spooled capture
    backend_env = {**backend_env, "AEGIS_READ_TIMEOUT_MS": "10000"}
    key = aws_key()
    write_session(claude, project, "s-key", [
        ("user", f"Remember that the CI AWS key is {key} and we use pnpm not npm.",
         "2026-10-01T09:00:00.000Z")])
    done = run_pyz("backfill", "--json", env=backend_env, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    tags = all_tags(run_pyz, backend_env)
    assert tags, "the sentence should have been captured"
    assert not any(key.lower()[:8] in tag for tag in tags), tags
    assert key.lower().encode() not in stored_bytes(data_dir)
    recalled = run_pyz("search", "--json", "CI AWS key pnpm", env=backend_env)
    assert key.lower() not in recalled.stdout.decode().lower()


def test_remember_drops_a_lowercased_key_tag_and_says_so(run_pyz, data_dir, backend_env):
    key = aws_key()
    saved = run_pyz("remember", "--tags", f"ci,{key.lower()}",
                    f"the CI AWS key is {key} for the deploy job", env=backend_env)
    assert saved.returncode == 0, saved.stderr.decode()
    assert "(1 secret redacted, 1 secret tag dropped)" in saved.stdout.decode()
    # a tag that is a fragment of what the text lost goes too, however it is spelled
    fragment = key[4:16].lower()
    again = run_pyz("remember", "--json", "--tags", f"deploy,{fragment}",
                    f"the other key is {key} on the runners", env=backend_env)
    assert again.returncode == 0, again.stderr.decode()
    answer = json.loads(again.stdout)
    assert answer["dropped_secret_tags"] == 1 and answer["memory"]["tags"] == ["deploy"]
    tags = all_tags(run_pyz, backend_env)
    assert {"ci", "deploy"} <= set(tags) and not any(fragment in tag for tag in tags)
    assert key.lower().encode() not in stored_bytes(data_dir)


def test_scrub_drops_secret_tags_an_older_release_stored(run_pyz, data_dir, backend,
                                                         backend_env, request):
    from aegis.config import load_config
    from aegis.models import MemoryChanges
    from aegis.store import open_store

    key = aws_key()
    saved = run_pyz("remember", "--json", "--tags", "ci", "the CI job runs on every push",
                    env=backend_env)
    memory = json.loads(saved.stdout)["memory"]
    settings = (load_config(env={"AEGIS_DATA_DIR": os.environ["AEGIS_DATA_DIR"]})
                if backend == "sqlite" else request.getfixturevalue("shared_server").settings())
    store = open_store(settings)           # below the service: as an older release wrote it
    try:
        store.update(memory["namespace"], memory["id"],
                     MemoryChanges(tags=("ci", "aws", key.lower())))
    finally:
        store.close()
    assert key.lower() in all_tags(run_pyz, backend_env)

    dry = run_pyz("scrub", "--dry-run", "--json", env=backend_env)
    assert dry.returncode == 0, dry.stderr.decode()
    assert json.loads(dry.stdout)["changed_tags"] == 1
    assert key.lower() in all_tags(run_pyz, backend_env)          # a dry run writes nothing

    done = run_pyz("scrub", env=backend_env)
    assert done.returncode == 0, done.stderr.decode()
    assert "dropped secret tags of 1 memory" in done.stdout.decode()
    assert sorted(t for t in all_tags(run_pyz, backend_env) if t in ("ci", "aws", key.lower())
                  ) == ["aws", "ci"]
    if backend == "sqlite":
        assert key.lower().encode() not in stored_bytes(data_dir)
