"""Tags are written like text: a tag holding a secret never reaches the data dir.

Through the built pyz, on the write paths that take tags from a user: ``remember``,
``update`` and ``import``. The secret is assembled at run time, so this file holds none.
"""

from __future__ import annotations

import json
import secrets
import string

ALNUM = string.ascii_letters + string.digits


def a_secret(prefix: str, length: int) -> str:
    return prefix + "".join(secrets.choice(ALNUM) for _ in range(length))


def data_dir_bytes(data_dir) -> bytes:
    return b"".join(p.read_bytes() for p in data_dir.rglob("*") if p.is_file())


def test_secret_tags_are_dropped_on_remember_update_and_import(run_pyz, data_dir, tmp_path):
    key = a_secret("sk-ant-api03-", 40)
    github = a_secret("ghp_", 36)
    saved = run_pyz("remember", "--json", "--tags", f"deploy,{key}", "we ship with make ship")
    assert saved.returncode == 0, saved.stderr
    memory = json.loads(saved.stdout)["memory"]
    assert memory["tags"] == ["deploy"]

    updated = run_pyz("update", "--json", memory["id"], "--tags", f"release,password={github}")
    assert updated.returncode == 0, updated.stderr
    assert json.loads(updated.stdout)["memory"]["tags"] == ["release"]

    export = tmp_path / "export.jsonl"
    assert run_pyz("export", str(export)).returncode == 0
    record = json.loads(export.read_text().splitlines()[0])   # an export line, edited
    record.update(id="mem_0123456789ab", text="the cache is warmed at boot",
                  tags=["cache", github], history=[], relations=[])
    export.write_text(json.dumps(record) + "\n")
    imported = run_pyz("import", "--json", str(export))
    assert imported.returncode == 0, imported.stderr
    listed = json.loads(run_pyz("list", "--json").stdout)["memories"]
    assert sorted(tag for m in listed for tag in m["tags"]) == ["cache", "release"]

    stored = data_dir_bytes(data_dir).lower()
    for value in (key, github):
        assert value.lower().encode() not in stored


def test_ordinary_tags_survive(run_pyz):
    tags = "build,ci,auth-token,password,postgres-16,v1.2.3,sha256,3f2a9c1b7d4e"
    saved = run_pyz("remember", "--json", "--tags", tags, "the build runs on every push")
    assert json.loads(saved.stdout)["memory"]["tags"] == tags.split(",")
