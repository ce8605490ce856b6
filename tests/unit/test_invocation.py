"""aegis.invocation: the hint a session shows names the zipapp that runs, pasteable."""

from __future__ import annotations

import sys

from aegis import invocation


def test_from_source_a_hint_says_aegis(monkeypatch):
    monkeypatch.setattr(sys, "argv", ["-m"])
    assert invocation.command("doctor") == "`aegis doctor`"


def test_from_a_zipapp_a_hint_names_it_by_its_absolute_path(monkeypatch, tmp_path):
    archive = tmp_path / "plugins" / "aegis.pyz"
    archive.parent.mkdir()
    archive.write_bytes(b"PK")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", ["plugins/aegis.pyz", "hook", "session-start"])
    assert invocation.command("trust") == f"`python3 {archive.resolve()} trust`"


def test_a_path_a_shell_would_split_is_quoted(monkeypatch, tmp_path):
    archive = tmp_path / "Application Support" / "it's" / "aegis.pyz"
    archive.parent.mkdir(parents=True)
    archive.write_bytes(b"PK")
    monkeypatch.setattr(sys, "argv", [str(archive)])
    quoted = "'" + str(archive.resolve()).replace("'", "'\\''") + "'"
    assert invocation.command("adopt") == f"`python3 {quoted} adopt`"
