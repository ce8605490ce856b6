"""The quiet status line at session start: what it says, in which mode, and only once."""

from __future__ import annotations

import pytest

from aegis.capture import activity
from aegis.capture.layout import CaptureFiles
from aegis.config import load_config, with_overrides
from aegis.hooks import briefing
from aegis.recall.status import briefed_line, project_label
from aegis.service import MemoryService


def settings_for(project, **overrides):
    settings = load_config(cwd=project, overrides={"namespace": "github.com/acme/shop"})
    return with_overrides(settings, recall_time_budget_ms=60_000, **overrides)


def start(settings, project, session="s-new", source="startup"):
    out = briefing.run({"session_id": session, "source": source, "cwd": str(project)}, settings)
    return (out or {}).get("systemMessage")


def seed(settings, project):
    with MemoryService.open(settings, project) as service:
        service.save("Answer in short sentences.", scope="user", importance=0.8)
        ids = [service.save(text, importance=0.8).memory.id for text in (
            "Decision: the API talks to Postgres through pgbouncer.",
            "Convention: every migration gets a rollback script in db/rollback.",
            "Decision: releases are cut from main on Tuesdays.")]
    return ids


def captured(settings, session, memory_id, category="decision"):
    files = CaptureFiles.in_data_dir(settings.data_dir).ensure()
    activity.record(files, "added", session, memory_id=memory_id, category=category)


@pytest.mark.parametrize("namespace, label", [
    ("github.com/acme/shop", "acme/shop"), ("dir:/home/me/work/app", "app"),
    ("file:/srv/git/tool", "tool"), ("plain", "plain")])
def test_the_project_is_named_as_people_say_it(namespace, label):
    assert project_label(namespace) == label


def test_plurals_are_right():
    assert briefed_line("brief", "x/y/z", ["m1"], 20, 0) == "Aegis · 1 memory briefed for y/z"
    assert "2 memories" in briefed_line("brief", "x/y/z", ["m1", "m2"], 20, 0)


def test_brief_mode_says_one_line_with_the_count(project):
    settings = settings_for(project)
    seed(settings, project)
    assert start(settings, project) == "Aegis · 4 memories briefed for acme/shop"


def test_verbose_adds_the_split_and_the_cost_and_off_says_nothing(project):
    settings = settings_for(project, notify="verbose")
    seed(settings, project)
    line = start(settings, project, session="v1")
    assert line.startswith("Aegis · 4 memories briefed for acme/shop (1 preference, 3 from "
                           "the project; ≈")
    assert start(with_overrides(settings, notify="off"), project, session="o1") is None


def test_capture_of_the_last_session_is_announced_once(project):
    settings = settings_for(project)
    ids = seed(settings, project)
    captured(settings, "s-old", ids[0])
    captured(settings, "s-old", ids[1])
    captured(settings, "s-old", ids[2], category="convention")
    first = start(settings, project, session="s-next")
    assert first == ("Aegis · 4 memories briefed for acme/shop · saved 2 decisions, "
                     "1 convention last session — /recall to review")
    assert start(settings, project, session="s-after") == \
        "Aegis · 4 memories briefed for acme/shop"


def test_an_explicit_save_replayed_after_an_outage_is_not_said_of_a_session(project):
    """trial9: a `remember` stored late from the spool was announced as "saved 1 note
    last session", though no session saved it."""
    settings = settings_for(project)
    ids = seed(settings, project)
    captured(settings, "", ids[0], category="note")          # the worker logs it so
    assert start(settings, project, session="s-next") == (
        "Aegis · 4 memories briefed for acme/shop · stored 1 save that waited for the "
        "store — /recall to review")
    captured(settings, "s-old", ids[1])
    captured(settings, "", ids[2], category="note")
    assert start(settings, project, session="s-after") == (
        "Aegis · 4 memories briefed for acme/shop · saved 1 decision last session; "
        "stored 1 save that waited for the store — /recall to review")


def test_another_projects_capture_is_not_announced_here(project, tmp_path):
    settings = settings_for(project)
    seed(settings, project)
    other = with_overrides(settings, namespace="github.com/acme/other")
    with MemoryService.open(other, project) as service:
        elsewhere = service.save("Decision: the other project uses MySQL.").memory.id
    captured(settings, "s-other", elsewhere)
    assert start(settings, project) == "Aegis · 4 memories briefed for acme/shop"
    # …and the other project still hears about it at its next start.
    assert "saved 1 decision last session" in start(other, project, session="s-o2")


def test_the_session_that_captured_is_not_told_its_own_captures(project):
    settings = settings_for(project)
    ids = seed(settings, project)
    captured(settings, "s-same", ids[0])
    assert "saved" not in start(settings, project, session="s-same", source="clear")


def test_a_resumed_sessions_earlier_captures_are_told_to_the_next_session(project):
    settings = settings_for(project)
    ids = seed(settings, project)
    captured(settings, "s-a", ids[0])
    captured(settings, "s-a", ids[1], category="convention")
    assert "saved" not in start(settings, project, session="s-a", source="resume")
    captured(settings, "s-a", ids[2])                     # the resumed part captures one more
    assert start(settings, project, session="s-b").endswith(
        "saved 2 decisions, 1 convention last session — /recall to review")
    assert "saved" not in start(settings, project, session="s-c")


def test_a_compaction_rebriefs_without_a_status_line(project):
    settings = settings_for(project)
    seed(settings, project)
    assert start(settings, project, source="compact") is None


def test_notify_is_a_setting_with_a_checked_value(project):
    assert load_config(env={"AEGIS_NOTIFY": "verbose"}, cwd=project).notify == "verbose"
    bad = load_config(env={"AEGIS_NOTIFY": "loud"}, cwd=project)
    assert bad.notify == "brief" and any("AEGIS_NOTIFY" in p for p in bad.problems)


def test_categories_have_their_right_plurals(project):
    settings = settings_for(project)
    ids = seed(settings, project)
    captured(settings, "s-fix", ids[0], category="fix")
    captured(settings, "s-fix", ids[1], category="fix")
    assert "saved 2 fixes last session" in start(settings, project, session="s-next")
