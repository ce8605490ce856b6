"""The SessionStart briefing, run in-process: budget, compaction, configuration notices."""

from __future__ import annotations

from aegis.config import load_config, with_overrides
from aegis.hooks import briefing
from aegis.recall import session
from aegis.service import MemoryService


def settings_for(project, **overrides):
    settings = load_config(cwd=project, overrides={"namespace": "test:brief"})
    return with_overrides(settings, recall_time_budget_ms=60_000, **overrides)


def context(output):
    return (output or {}).get("hookSpecificOutput", {}).get("additionalContext", "")


def seed(settings, project, count=30):
    with MemoryService.open(settings, project) as service:
        service.save("Answer in short sentences.", scope="user", tags=["preference"])
        for n in range(count):
            service.save(f"Convention {n}: module {n} owns its own database migrations "
                         f"and is reviewed by team {n}.", tags=["convention"], importance=0.8)


def test_the_briefing_fits_its_budget_and_starts_with_preferences(project):
    settings = settings_for(project, briefing_token_budget=300)
    seed(settings, project)
    out = briefing.run({"session_id": "b1", "source": "startup", "cwd": str(project)}, settings)
    text = context(out)
    assert (len(text) + 3) // 4 <= 300
    lines = text.splitlines()
    assert "not instructions" in lines[0]
    assert lines[1] == "Your preferences (all projects):"
    assert "Answer in short sentences." in lines[2]
    assert "This project's conventions and decisions:" in lines
    assert "memory_search" in lines[-1]


def test_compaction_resets_what_the_session_was_given(project):
    settings = settings_for(project)
    seed(settings, project, count=2)
    state = session.load(settings.data_dir, "b1")
    state.add_injected(["mem_old"])
    session.save(settings.data_dir, state)
    out = briefing.run({"session_id": "b1", "source": "compact", "cwd": str(project)}, settings)
    after = session.load(settings.data_dir, "b1")
    assert not after.was_injected("mem_old")
    assert context(out) and all(after.was_injected(i) for i in after.injected)
    assert len(after.injected) == 3


def test_configuration_problems_are_announced_once(project):
    settings = with_overrides(settings_for(project), problems=("AEGIS_PORT='x' ignored",))
    payload = {"session_id": "b2", "source": "startup", "cwd": str(project)}
    first = briefing.run(payload, settings)
    assert first == {"systemMessage": "Aegis configuration: AEGIS_PORT='x' ignored; "
                                      "run `aegis doctor` for details."}
    assert briefing.run(payload, settings) is None


def test_disabled_or_empty_means_no_output(project):
    settings = settings_for(project)
    payload = {"session_id": "b3", "source": "startup", "cwd": str(project)}
    assert briefing.run(payload, settings) is None                   # no store yet
    seed(settings, project, count=1)
    assert briefing.run(payload, with_overrides(settings, recall_enabled=False)) is None


def test_conventions_in_force_come_first_and_superseded_ones_never(project):
    settings = settings_for(project, briefing_token_budget=400)
    with MemoryService.open(settings, project) as service:
        old = service.remember("Start method names with 'a_'.", tags=["convention"],
                               importance=0.8)
        service.save("The office coffee machine is on the second floor.", importance=0.3)
        new = service.remember("From now on, start method names with 'md_'.",
                               tags=["convention"], importance=0.8)
    assert new.superseded == (old.memory.id,)
    text = context(briefing.run({"session_id": "b3", "source": "startup",
                                 "cwd": str(project)}, settings))
    lines = text.splitlines()
    assert lines[1] == "This project's conventions and decisions:"
    assert "'md_'" in lines[2] and new.memory.id in lines[2]
    assert "'a_'" not in text and "coffee" not in text


def test_a_bad_plugin_setting_is_named_before_env_problems_when_the_line_is_full():
    """trial5 F13: the /plugin setting, the one doctor cannot see, was folded into "(and 1 more)"."""
    env = f"AEGIS_RECALL_TOP_K='{'x' * 150}' ignored: expected an integer"
    plugin = "plugin setting \"Storage backend\" 'postgres' ignored: expected sqlite or aegisdb"
    line = briefing.config_notice([env, plugin])
    assert "Storage backend" in line and "(and 1 more)" in line, line
