"""The plugin bundle as Claude Code reads it: manifest, marketplace, hooks, commands, skill —
checked against the runtime they wire up, and by the pinned Claude Code CLI itself."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from aegis import __version__
from aegis.config import KNOBS, SECRET_KEYS, plugin_option_env

ROOT = Path(__file__).resolve().parents[2]
PLUGIN = json.loads((ROOT / ".claude-plugin" / "plugin.json").read_text())
MARKETPLACE = json.loads((ROOT / ".claude-plugin" / "marketplace.json").read_text())
HOOKS = json.loads((ROOT / "hooks" / "hooks.json").read_text())
PYZ_ARG = "${CLAUDE_PLUGIN_ROOT}/runtime/aegis.pyz"
PINNED_CLI_VERSION = "2.1.332"
TOOL_PREFIX = "mcp__plugin_aegis_memory__"
TOOLS = {"memory_save", "memory_search", "memory_get", "memory_update", "memory_relate",
         "memory_forget", "memory_list"}
HOOK_EVENTS = {"SessionStart": "session-start", "UserPromptSubmit": "user-prompt-submit",
               "Stop": "stop", "PreCompact": "pre-compact", "SessionEnd": "session-end"}
PLUGIN_OPTIONS = {knob.plugin_option: knob for knob in KNOBS if knob.plugin_option}


def frontmatter(path: Path) -> tuple[dict[str, str], str]:
    """The ``key: value`` header of a command or skill file, and its body."""
    text = path.read_text(encoding="utf-8")
    match = re.match(r"^---\n(.*?)\n---\n(.*)$", text, re.S)
    assert match, f"{path.name} has no frontmatter"
    fields = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        assert sep and key.strip() == key and key, f"{path.name}: unexpected line {line!r}"
        fields[key] = value.strip()
    return fields, match.group(2)


# ---------------------------------------------------------------- plugin.json

def test_the_manifest_names_the_plugin_and_its_release():
    assert PLUGIN["name"] == "aegis"
    assert PLUGIN["version"] == __version__
    for key in ("description", "license", "keywords"):
        assert PLUGIN[key], key
    # No invented address: homepage/repository appear only once the project has a public one.
    for key in ("homepage", "repository"):
        assert "example" not in PLUGIN.get(key, "") and "aegis-memory" not in PLUGIN.get(key, "")
    assert PLUGIN["author"]["name"]


def test_the_memory_server_runs_the_bundled_zipapp_in_exec_form():
    server = PLUGIN["mcpServers"]["memory"]
    assert server["command"] == "python3"
    assert server["args"] == [PYZ_ARG, "serve"]
    # the CLI waits (up to 5 s) for the server, so the memory tools are on the first request
    assert server["alwaysLoad"] is True


def test_user_config_declares_exactly_the_runtime_plugin_options():
    user_config = PLUGIN["userConfig"]
    assert set(user_config) == set(PLUGIN_OPTIONS)
    for key, option in user_config.items():
        assert re.fullmatch(r"[A-Za-z_]\w*", key)
        assert option["title"] and option["description"].startswith("Optional. ")
        assert "Empty means" in option["description"], f"{key}: say what leaving it empty does"
        assert not option.get("required"), f"{key}: a user who skips the dialog must still work"
        assert "default" not in option, f"{key}: a default would override the environment"
        secret = PLUGIN_OPTIONS[key].name in SECRET_KEYS
        assert bool(option.get("sensitive")) == secret, key


def test_every_option_reaches_the_server_under_the_name_hooks_receive():
    """Hooks get CLAUDE_PLUGIN_OPTION_<KEY> from Claude Code; the server gets the same names
    from its env block, so config.py reads both the same way."""
    env = PLUGIN["mcpServers"]["memory"]["env"]
    assert env == {plugin_option_env(key): "${user_config.%s}" % key for key in PLUGIN_OPTIONS}


# ---------------------------------------------------------------- marketplace.json

def test_the_marketplace_lists_this_plugin_from_the_repository_root():
    assert MARKETPLACE["name"] == "aegis"
    assert MARKETPLACE["owner"]["name"]
    [entry] = MARKETPLACE["plugins"]
    assert entry["name"] == PLUGIN["name"] and entry["source"] == "./"
    # plugin.json alone states the version (Claude Code prefers it to the entry's)
    assert "version" not in entry and "version" not in MARKETPLACE.get("metadata", {})


# ---------------------------------------------------------------- releases

def test_the_committed_runtime_is_a_release_of_its_own_version():
    """Trial3 U1: Claude Code updates an installed plugin only when plugin.json's
    version changes, so a rebuilt runtime under the old version never reached anyone
    who installed from a git marketplace. Each runtime is a new version
    (build/release.py); runtime/releases.txt records them."""
    import hashlib
    import sys
    releases = [line.split() for line in
                (ROOT / "runtime" / "releases.txt").read_text().splitlines()
                if line.strip() and not line.startswith("#")]
    versions = [tuple(int(part) for part in version.split(".")) for version, _ in releases]
    assert versions == sorted(set(versions)), "versions must rise, each once"
    digests = [digest for _, digest in releases]
    assert len(set(digests)) == len(digests) and all(re.fullmatch(r"[0-9a-f]{64}", d)
                                                      for d in digests)
    committed = ROOT / "runtime" / "aegis.pyz"
    assert releases[-1] == [PLUGIN["version"], hashlib.sha256(committed.read_bytes()).hexdigest()], \
        "runtime/aegis.pyz is not the last release: rebuild it with `make update-pyz`"
    shown = subprocess.run([sys.executable, str(committed), "version", "--json"],
                           capture_output=True, timeout=60)
    assert json.loads(shown.stdout)["version"] == PLUGIN["version"]


# ---------------------------------------------------------------- hooks.json

def test_every_hook_runs_the_zipapp_in_exec_form():
    assert set(HOOKS["hooks"]) == set(HOOK_EVENTS)
    for event, argument in HOOK_EVENTS.items():
        [group] = HOOKS["hooks"][event]
        [hook] = group["hooks"]
        assert hook["type"] == "command" and hook["command"] == "python3"
        assert hook["args"] == [PYZ_ARG, "hook", argument]


# ---------------------------------------------------------------- commands and skill

@pytest.mark.parametrize("name", ["remember", "recall", "forget"])
def test_each_command_has_a_bare_name_and_only_the_memory_tools_it_needs(name):
    fields, body = frontmatter(ROOT / "commands" / f"{name}.md")
    assert fields["name"] == name                      # bare /remember resolves only then
    assert fields["description"] and fields["argument-hint"].startswith("<")
    allowed = {tool.strip() for tool in fields["allowed-tools"].split(",")} - {"AskUserQuestion"}
    assert allowed and all(t.startswith(TOOL_PREFIX) for t in allowed)
    assert {t[len(TOOL_PREFIX):] for t in allowed} <= TOOLS
    assert "$ARGUMENTS" in body
    assert "!`" not in body, "arguments must never be spliced into a shell command"


def test_the_commands_use_the_tools_their_contract_needs():
    def tools(name: str) -> set[str]:
        fields, _ = frontmatter(ROOT / "commands" / f"{name}.md")
        return {t.strip()[len(TOOL_PREFIX):] if t.strip().startswith(TOOL_PREFIX) else t.strip()
                for t in fields["allowed-tools"].split(",")}
    assert tools("remember") == {"memory_save"}
    assert tools("recall") == {"memory_search"}
    # AskUserQuestion keeps the confirmation inside the command's turn, where memory_forget
    # is allowed: no second permission prompt for the delete the user just confirmed.
    assert tools("forget") == {"memory_get", "memory_search", "memory_forget", "AskUserQuestion"}
    _, forget = frontmatter(ROOT / "commands" / "forget.md")
    assert "confirm" in forget and "wait" in forget


def test_remember_says_how_to_save_for_every_project():
    """/remember reaches the user tier too: a leading --user, or text that says so."""
    fields, body = frontmatter(ROOT / "commands" / "remember.md")
    body = " ".join(body.split())
    assert "--user" in fields["argument-hint"] and "--user" in fields["description"]
    assert "starts with the word `--user`" in body and 'scope: "user"' in body
    assert "`/remember [--user] <text>`" in body
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    skill = (ROOT / "skills" / "memory" / "SKILL.md").read_text(encoding="utf-8")
    assert "/remember --user" in readme and "/remember --user" in skill


def test_bad_plugin_settings_are_named_by_the_titles_plugin_shows():
    from aegis.config import PLUGIN_TITLES
    assert PLUGIN_TITLES == {key: option["title"] for key, option in PLUGIN["userConfig"].items()}


def test_memory_ui_runs_only_the_detached_viewer_and_no_arguments():
    fields, body = frontmatter(ROOT / "commands" / "memory-ui.md")
    command = "python3 ${CLAUDE_PLUGIN_ROOT}/runtime/aegis.pyz ui --detach"
    assert fields["name"] == "memory-ui" and fields["allowed-tools"] == f"Bash({command})"
    assert f"!`{command}`" in body and "$ARGUMENTS" not in body


def test_the_memory_skill_says_when_to_save_search_and_correct():
    fields, body = frontmatter(ROOT / "skills" / "memory" / "SKILL.md")
    assert fields["name"] == "memory" and len(fields["description"]) > 80
    for tool in ("memory_save", "memory_search", "memory_update", "memory_forget"):
        assert tool in body
    for heading in ("When to save", "What makes a good memory", "When to search",
                    "Correcting and forgetting"):
        assert f"## {heading}" in body


# ---------------------------------------------------------------- the pinned CLI

@pytest.fixture(scope="module")
def claude() -> str:
    """The pinned Claude Code CLI (``CLAUDE_BIN``, set by the Makefile); skipped without it."""
    path = os.environ.get("CLAUDE_BIN", "")
    if not path or not Path(path).is_file():
        pytest.skip("CLAUDE_BIN is not set to the pinned Claude Code CLI")
    version = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=120)
    assert version.stdout.split()[0] == PINNED_CLI_VERSION, version.stdout
    return path


@pytest.mark.parametrize("target", [".", ".claude-plugin/plugin.json",
                                    ".claude-plugin/marketplace.json", "commands", "skills"])
def test_the_pinned_cli_validates_the_bundle_strictly(claude, target):
    result = subprocess.run([claude, "plugin", "validate", target, "--strict", "--json"],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    report = json.loads(result.stdout)
    problems = [m for part in [report.get("manifest") or {}, *report.get("contents", [])]
                for m in part.get("errors", []) + part.get("warnings", [])]
    assert result.returncode == 0 and report["success"] is True, problems or result.stderr
    assert problems == []


def test_the_pinned_cli_sees_the_server_every_hook_the_commands_and_the_skill(claude):
    result = subprocess.run([claude, "plugin", "validate", ".claude-plugin/plugin.json",
                             "--strict", "--json"], cwd=ROOT, capture_output=True, text=True,
                            timeout=300)
    provides = json.loads(result.stdout)["provides"]
    assert {(h["event"], h["command"], tuple(h["args"])) for h in provides["hooks"]} == {
        (event, "python3", (PYZ_ARG, "hook", argument)) for event, argument in HOOK_EVENTS.items()}
    assert [(s["name"], s["type"], s["target"], s["args"]) for s in provides["mcpServers"]] == [
        ("memory", "stdio", "python3", [PYZ_ARG, "serve"])]
    assert sorted(provides["commands"]) == ["aegis:forget", "aegis:memory-ui", "aegis:recall",
                                          "aegis:remember"]
    assert provides["skills"] == ["aegis:memory"]
