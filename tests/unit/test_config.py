"""Configuration: one precedence order, typed values, and bad values reported
once with the default kept — never a crash."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aegis.config import (KNOBS, Settings, load_config, parse_bool, plugin_option_env,
                          with_overrides)


def write_json(path: Path, data) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    """A minimal environment: its own HOME and data dir, nothing else."""
    return {"HOME": str(tmp_path / "home"), "AEGIS_DATA_DIR": str(tmp_path / "data")}


# ---------------------------------------------------------------- defaults

def test_defaults_match_the_documented_knobs(env, project):
    settings = load_config(env=env, cwd=project)
    assert settings.problems == ()
    assert (settings.backend, settings.host, settings.port) == ("sqlite", "127.0.0.1", 9470)
    assert (settings.connect_timeout_ms, settings.read_timeout_ms) == (500, 1000)
    assert settings.namespace is None and settings.auth_token is None
    assert (settings.embedding_mode, settings.embedding_model) == ("none", "voyage-3-large")
    assert settings.recall_enabled is True and settings.capture_enabled is True
    assert (settings.recall_time_budget_ms, settings.recall_top_k) == (800, 5)
    assert settings.recall_min_score == 0.2
    assert (settings.capture_scope, settings.capture_min_salience) == ("session", 0.5)
    assert settings.data_dir == env["AEGIS_DATA_DIR"]


def test_data_dir_defaults_to_the_platform_user_dir(tmp_path, project):
    home = tmp_path / "h"
    assert load_config(env={"HOME": str(home)}, cwd=project).data_dir == \
        str(home / ".local" / "share" / "aegis")
    assert load_config(env={"HOME": str(home), "XDG_DATA_HOME": str(tmp_path / "x")},
                       cwd=project).data_dir == str(tmp_path / "x" / "aegis")


def test_voyage_key_turns_on_voyage_embeddings_unless_a_mode_is_set(env, project):
    assert load_config(env={**env, "VOYAGE_API_KEY": "vk"}, cwd=project).embedding_mode == "voyage"
    assert load_config(env={**env, "VOYAGE_API_KEY": "vk", "AEGIS_EMBEDDING_MODE": "none"},
                       cwd=project).embedding_mode == "none"


def test_configuring_a_host_selects_aegisdb_unless_backend_is_explicit(env, project):
    assert load_config(env={**env, "AEGIS_HOST": "db.lan"}, cwd=project).backend == "aegisdb"
    assert load_config(env={**env, "AEGIS_HOST": "db.lan", "AEGIS_BACKEND": "sqlite"},
                       cwd=project).backend == "sqlite"


# ---------------------------------------------------------------- precedence

def test_each_layer_overrides_the_one_before(env, project, tmp_path):
    data_file = write_json(Path(env["AEGIS_DATA_DIR"]) / "config.json",
                           {"recall_top_k": 2, "port": 1001, "capture_scope": "turn"})
    settings = load_config(env=env, cwd=project)
    assert (settings.recall_top_k, settings.port, settings.capture_scope) == (2, 1001, "turn")
    assert settings.sources["recall_top_k"] == "file"

    # A project file wins over the data-dir file (only one file is read).
    write_json(project / ".aegis.json", {"recall_top_k": 3})
    settings = load_config(env=env, cwd=project)
    assert settings.recall_top_k == 3 and settings.port == 9470

    # AEGIS_CONFIG wins over the project file.
    explicit = write_json(tmp_path / "explicit.json", {"recall_top_k": 4, "port": 1004})
    env = {**env, "AEGIS_CONFIG": str(explicit)}
    settings = load_config(env=env, cwd=project)
    assert (settings.recall_top_k, settings.port) == (4, 1004)

    # Environment beats the file.
    env = {**env, "AEGIS_RECALL_TOP_K": "6", "AEGIS_PORT": "1006"}
    settings = load_config(env=env, cwd=project)
    assert (settings.recall_top_k, settings.port) == (6, 1006)
    assert settings.sources["port"] == "env"

    # Plugin userConfig beats the environment.
    env = {**env, plugin_option_env("aegisdb_port"): "1007"}
    settings = load_config(env=env, cwd=project)
    assert settings.port == 1007 and settings.sources["port"] == "plugin"

    # Explicit overrides beat everything.
    settings = load_config(env=env, cwd=project, overrides={"port": 1008, "recall_top_k": 9})
    assert (settings.port, settings.recall_top_k) == (1008, 9)
    assert settings.sources["port"] == "override"
    assert settings.problems == ()
    assert data_file.is_file()


def test_file_accepts_env_spelling_of_keys(env, project):
    write_json(project / ".aegis.json", {"AEGIS_RECALL_TOP_K": 7, "AEGIS_RECALL_ENABLED": "off"})
    settings = load_config(env=env, cwd=project)
    assert settings.recall_top_k == 7 and settings.recall_enabled is False


def test_project_file_is_found_from_a_subdirectory(env, project):
    write_json(project / ".aegis.json", {"recall_top_k": 8})
    sub = project / "src" / "pkg"
    sub.mkdir(parents=True)
    assert load_config(env=env, cwd=sub).recall_top_k == 8


def test_project_file_search_stops_at_the_repository_root(env, tmp_path):
    write_json(tmp_path / ".aegis.json", {"recall_top_k": 8})
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    assert load_config(env=env, cwd=repo).recall_top_k == 5


def test_empty_plugin_option_does_not_erase_the_environment(env, project):
    env = {**env, "AEGIS_PORT": "1234", plugin_option_env("aegisdb_port"): ""}
    assert load_config(env=env, cwd=project).port == 1234


def test_plugin_option_names_follow_claude_code(env, project):
    assert plugin_option_env("aegisdb_token") == "CLAUDE_PLUGIN_OPTION_AEGISDB_TOKEN"
    settings = load_config(env={**env, "CLAUDE_PLUGIN_OPTION_AEGISDB_TOKEN": "t0k"}, cwd=project)
    assert settings.auth_token == "t0k"


# ---------------------------------------------------------------- bad values

BAD_ENV = [
    ("AEGIS_RECALL_TOP_K", "abc", "recall_top_k", 5),
    ("AEGIS_RECALL_TOP_K", "0", "recall_top_k", 5),
    ("AEGIS_RECALL_TIME_BUDGET_MS", "-5", "recall_time_budget_ms", 800),
    ("AEGIS_CONNECT_TIMEOUT_MS", "1.5", "connect_timeout_ms", 500),
    ("AEGIS_PORT", "70000", "port", 9470),
    ("AEGIS_RECALL_ENABLED", "maybe", "recall_enabled", True),
    ("AEGIS_CAPTURE_ENABLED", "2", "capture_enabled", True),
    ("AEGIS_BACKEND", "postgres", "backend", "sqlite"),
    ("AEGIS_EMBEDDING_MODE", "openai", "embedding_mode", "none"),
    ("AEGIS_CAPTURE_SCOPE", "forever", "capture_scope", "session"),
    ("AEGIS_RECALL_MIN_SCORE", "1.5", "recall_min_score", 0.2),
    ("AEGIS_CAPTURE_MIN_SALIENCE", "high", "capture_min_salience", 0.5),
    ("AEGIS_EMBEDDING_DIMENSIONS", "-1", "embedding_dimensions", None),
]


@pytest.mark.parametrize("var,raw,name,default", BAD_ENV, ids=[f"{v}={r}" for v, r, *_ in BAD_ENV])
def test_bad_env_value_is_reported_once_and_the_default_kept(env, project, var, raw, name,
                                                             default):
    settings = load_config(env={**env, var: raw}, cwd=project)
    assert getattr(settings, name) == default
    mentioning = [p for p in settings.problems if var in p]
    assert len(mentioning) == 1, settings.problems
    assert len(settings.problems) == 1
    assert "\n" not in mentioning[0]


def test_bad_value_in_a_lower_layer_does_not_block_a_good_one_above(env, project):
    write_json(project / ".aegis.json", {"recall_top_k": "lots"})
    settings = load_config(env={**env, "AEGIS_RECALL_TOP_K": "3"}, cwd=project)
    assert settings.recall_top_k == 3
    assert len(settings.problems) == 1 and "recall_top_k" in settings.problems[0]


def test_bad_value_in_a_higher_layer_keeps_the_lower_good_one(env, project):
    write_json(project / ".aegis.json", {"recall_top_k": 3})
    settings = load_config(env={**env, "AEGIS_RECALL_TOP_K": "abc"}, cwd=project)
    assert settings.recall_top_k == 3
    assert len(settings.problems) == 1


@pytest.mark.parametrize("content", ["{not json", "[1, 2, 3]", "\xff\xfe", ""])
def test_an_unreadable_config_file_is_a_problem_not_a_crash(env, project, content):
    (project / ".aegis.json").write_text(content, encoding="latin-1")
    settings = load_config(env=env, cwd=project)
    assert settings.recall_top_k == 5
    assert len(settings.problems) == 1


def test_unknown_keys_are_reported(env, project):
    write_json(project / ".aegis.json", {"recal_top_k": 3})
    settings = load_config(env=env, cwd=project)
    assert settings.recall_top_k == 5
    assert len(settings.problems) == 1 and "recal_top_k" in settings.problems[0]


def test_missing_explicit_config_file_is_reported(env, project, tmp_path):
    settings = load_config(env={**env, "AEGIS_CONFIG": str(tmp_path / "nope.json")}, cwd=project)
    assert len(settings.problems) == 1 and "nope.json" in settings.problems[0]


def test_wrong_json_types_are_reported_not_crashed(env, project):
    write_json(project / ".aegis.json", {"recall_top_k": True, "port": [1], "recall_enabled": {},
                                         "recall_min_score": None, "host": 7})
    settings = load_config(env=env, cwd=project)
    assert settings.recall_top_k == 5 and settings.port == 9470
    assert settings.recall_enabled is True
    assert len(settings.problems) >= 3


def test_unknown_override_is_reported(env, project):
    settings = load_config(env=env, cwd=project, overrides={"nonsense": 1})
    assert len(settings.problems) == 1


# ---------------------------------------------------------------- secrets

def test_auth_token_is_refused_from_a_project_file(env, project):
    write_json(project / ".aegis.json", {"auth_token": "committed-secret-123",
                                         "AEGIS_AUTH_TOKEN": "committed-secret-456",
                                         "recall_top_k": 4})
    settings = load_config(env=env, cwd=project)
    assert settings.auth_token is None
    assert settings.recall_top_k == 4
    assert len(settings.problems) == 2
    assert not any("committed-secret" in p for p in settings.problems)


def test_auth_token_is_accepted_from_the_private_data_dir_file(env, project):
    write_json(Path(env["AEGIS_DATA_DIR"]) / "config.json", {"auth_token": "private-tok"})
    settings = load_config(env=env, cwd=project)
    assert settings.auth_token == "private-tok" and settings.problems == ()


def test_secrets_never_appear_in_problems_or_repr(env, project):
    settings = load_config(env={**env, "AEGIS_AUTH_TOKEN": "tok-visible-nowhere",
                                "VOYAGE_API_KEY": "vk-visible-nowhere"}, cwd=project)
    assert "visible-nowhere" not in repr(settings)


# ---------------------------------------------------------------- helpers

@pytest.mark.parametrize("raw,expected", [("1", True), ("TRUE", True), (" yes ", True),
                                          ("on", True), (True, True), ("0", False),
                                          ("false", False), ("No", False), ("off", False),
                                          (False, False)])
def test_parse_bool(raw, expected):
    assert parse_bool(raw) is expected


@pytest.mark.parametrize("raw", ["maybe", "2", "tru", "enabled"])
def test_parse_bool_rejects_everything_else(raw):
    with pytest.raises(ValueError):
        parse_bool(raw)


def test_every_knob_has_an_aegis_env_name_or_a_documented_exception():
    for knob in KNOBS:
        assert knob.env.startswith("AEGIS_") or knob.env == "VOYAGE_API_KEY"
        assert hasattr(Settings(), knob.name)


def test_with_overrides_rejects_unknown_names(env, project):
    settings = load_config(env=env, cwd=project)
    assert with_overrides(settings, recall_top_k=9).recall_top_k == 9
    with pytest.raises(TypeError):
        with_overrides(settings, recall_topk=9)


def test_env_value_is_what_the_environment_alone_sets():
    from aegis.config import env_value
    assert env_value("recall_enabled", {}) is None
    assert env_value("recall_enabled", {"AEGIS_RECALL_ENABLED": "off"}) is False
    assert env_value("recall_enabled", {"AEGIS_RECALL_ENABLED": "maybe"}) is None   # bad: unset
    assert env_value("recall_time_budget_ms", {"AEGIS_RECALL_TIME_BUDGET_MS": "250"}) == 250
    assert env_value("hook_relay", {"AEGIS_HOOK_RELAY": "0"}) is False


# ---------------------------------------------------------------- a server named by a project

def test_a_remote_server_named_by_a_project_file_waits_for_trust(env, project):
    write_json(project / ".aegis.json", {"backend": "aegisdb", "host": "memory.example.invalid",
                                         "port": 9999, "recall_top_k": 4})
    settings = load_config(env=env, cwd=project)
    assert (settings.backend, settings.host, settings.port) == ("sqlite", "127.0.0.1", 9470)
    assert settings.recall_top_k == 4                  # the rest of the file still applies
    assert settings.project_server == "memory.example.invalid:9999"
    assert [p for p in settings.problems if "`aegis trust` in this project" in p]


def test_a_trusted_server_is_used_until_the_file_names_another(env, project):
    from aegis import trust
    config = write_json(project / ".aegis.json", {"host": "memory.example.invalid"})
    trust.trust(env["AEGIS_DATA_DIR"], str(config), "memory.example.invalid:9470")
    settings = load_config(env=env, cwd=project)
    assert (settings.backend, settings.host, settings.problems) == (
        "aegisdb", "memory.example.invalid", ())
    write_json(config, {"host": "elsewhere.example.invalid"})
    assert load_config(env=env, cwd=project).host == "127.0.0.1"
    assert trust.revoke(env["AEGIS_DATA_DIR"], str(config)) is True
    assert trust.revoke(env["AEGIS_DATA_DIR"], str(config)) is False


@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.0.2", "localhost", "::1", "[::1]"])
def test_a_loopback_server_in_a_project_file_needs_no_trust(env, project, host):
    write_json(project / ".aegis.json", {"host": host, "port": 9999})
    settings = load_config(env=env, cwd=project)
    assert (settings.backend, settings.host, settings.port) == ("aegisdb", host, 9999)
    assert settings.problems == () and settings.project_server is None


def test_the_users_own_host_setting_wins_without_a_trust_notice(env, project):
    write_json(project / ".aegis.json", {"host": "memory.example.invalid"})
    settings = load_config(env={**env, "AEGIS_HOST": "mine.example.invalid"}, cwd=project)
    assert settings.host == "mine.example.invalid" and settings.problems == ()


def test_the_users_own_config_files_need_no_trust(env, project, tmp_path):
    own = write_json(tmp_path / "mine.json", {"host": "memory.example.invalid"})
    settings = load_config(env={**env, "AEGIS_CONFIG": str(own)}, cwd=project)
    assert settings.host == "memory.example.invalid" and settings.problems == ()


@pytest.mark.parametrize("key", ["data_dir", "AEGIS_DATA_DIR", "voyage_base_url"])
def test_per_user_locations_are_refused_from_a_project_file(env, project, key):
    write_json(project / ".aegis.json", {key: "https://elsewhere.example.invalid/x"})
    settings = load_config(env=env, cwd=project)
    assert settings.data_dir == env["AEGIS_DATA_DIR"] and settings.voyage_base_url is None
    assert len(settings.problems) == 1 and "may not choose" in settings.problems[0]


# ---------------------------------------------------------------- a secret in the wrong field

@pytest.mark.parametrize("var", ["CLAUDE_PLUGIN_OPTION_AEGISDB_PORT", "AEGIS_RECALL_TOP_K",
                                 "CLAUDE_PLUGIN_OPTION_EMBEDDING_MODE"])
def test_a_long_bad_value_is_named_by_its_length_not_quoted(env, project, var):
    pasted = "ghp_" + "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z5A"
    settings = load_config(env={**env, var: pasted}, cwd=project)
    assert len(settings.problems) == 1
    assert pasted[:10] not in settings.problems[0] and "40-character value" in settings.problems[0]


def test_a_short_bad_value_is_quoted_redacted(env, project):
    settings = load_config(env={**env, "AEGIS_PORT": "password=Sup3rS3cr3t!"}, cwd=project)
    assert "Sup3rS3cr3t" not in settings.problems[0]
    settings = load_config(env={**env, "AEGIS_PORT": "lots"}, cwd=project)
    assert "'lots'" in settings.problems[0]


@pytest.mark.parametrize("host", ["604282d7" * 8, "bad host", "a..b", "x" * 254, "h\nost"])
def test_a_host_that_cannot_be_one_is_refused(env, project, host):
    settings = load_config(env={**env, "CLAUDE_PLUGIN_OPTION_AEGISDB_HOST": host}, cwd=project)
    assert settings.host == "127.0.0.1" and "host name or address" in settings.problems[0]
    assert "604282d7604282d7" not in settings.problems[0]


@pytest.mark.parametrize("value", ["user:root", "a\nb", "x" * 513, "tab\there"])
def test_a_namespace_that_cannot_be_a_project_is_refused(env, project, value):
    settings = load_config(env={**env, "AEGIS_NAMESPACE": value}, cwd=project)
    assert settings.namespace is None and len(settings.problems) == 1


def test_a_plain_namespace_is_kept(env, project):
    assert load_config(env={**env, "AEGIS_NAMESPACE": "team:acme/shop"},
                       cwd=project).namespace == "team:acme/shop"


def test_a_fifo_in_place_of_the_trust_record_does_not_block(env, project):
    import os
    import subprocess
    import sys
    write_json(project / ".aegis.json", {"host": "memory.example.invalid"})
    os.makedirs(env["AEGIS_DATA_DIR"])
    os.mkfifo(os.path.join(env["AEGIS_DATA_DIR"], "trusted_servers.json"))
    code = ("from aegis.config import load_config; import sys; "
            "print(load_config(cwd=sys.argv[1]).host)")
    runtime = str(Path(__file__).resolve().parents[2] / "runtime")
    done = subprocess.run([sys.executable, "-c", code, str(project)], capture_output=True,
                          env={**os.environ, **env, "PYTHONPATH": runtime}, text=True, timeout=20)
    assert done.stdout.strip() == "127.0.0.1", done.stderr


def _project_file(project, data: dict):
    import json
    (project / ".aegis.json").write_text(json.dumps(data))


def test_a_project_file_names_its_own_namespace_or_one_under_it(env, project):
    from aegis.namespace import project_namespace
    own = project_namespace(project)
    for named in (own, own + "/web"):
        _project_file(project, {"namespace": named})
        settings = load_config(env=env, cwd=project)
        assert (settings.namespace, settings.problems) == (named, ())


def test_another_projects_namespace_from_a_project_file_waits_for_trust(env, project):
    """A cloned repository must not read or plant another project's memories (trial4 F6)."""
    from aegis import trust
    from aegis.namespace import project_namespace
    own = project_namespace(project)
    _project_file(project, {"namespace": "git:github.com/acme/shop"})
    settings = load_config(env=env, cwd=project)
    assert settings.namespace is None and settings.foreign_namespace == "git:github.com/acme/shop"
    assert "not used until you trust it" in settings.problems[0]
    assert own + "-x" != own and not (own + "-x").startswith(own + "/")   # a prefix is no child
    trust.trust(settings.data_dir, settings.config_file, "git:github.com/acme/shop", "namespace")
    settings = load_config(env=env, cwd=project)
    assert (settings.namespace, settings.problems) == ("git:github.com/acme/shop", ())
    _project_file(project, {"namespace": "git:github.com/acme/billing"})     # changed: again
    assert load_config(env=env, cwd=project).namespace is None
    assert trust.revoke(settings.data_dir, settings.config_file)


def test_a_namespace_the_user_sets_needs_no_trust(env, project):
    _project_file(project, {"namespace": "git:github.com/acme/shop"})
    settings = load_config(env={**env, "AEGIS_NAMESPACE": "git:github.com/acme/shop"}, cwd=project)
    assert (settings.namespace, settings.problems) == ("git:github.com/acme/shop", ())
    assert settings.foreign_namespace is None      # nothing for `aegis trust` to accept
