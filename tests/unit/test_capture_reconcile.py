"""Dedup, strengthen and supersede when captured statements meet existing memories."""

from __future__ import annotations

from aegis.capture.reconcile import apply, contradicts, similarity
from aegis.capture.spool import Candidate


def candidate(text: str, capture_id: str, scope: str = "project", **extra) -> Candidate:
    values = dict(capture_id=capture_id, text=text, category="convention", kind="fact",
                  tags=("convention",), importance=0.6, confidence=0.6, scope=scope,
                  role="user", session_id="s1", project_namespace="test:project",
                  user_namespace="user:tester", cwd=None)
    values.update(extra)
    return Candidate(**values)


def live_texts(service) -> list[str]:
    return sorted(m.text for m in service.list(limit=100))


def test_a_new_statement_is_added_with_its_capture_id(service):
    outcome = apply(service, candidate("We deploy with `make ship`.", "cap_1"))
    memory = service.get(outcome.memory_id)
    assert (outcome.action, memory.capture_id, memory.source) == ("added", "cap_1", "capture")


def test_replaying_the_same_capture_adds_nothing(service):
    first = apply(service, candidate("We deploy with `make ship`.", "cap_1"))
    again = apply(service, candidate("We deploy with `make ship`.", "cap_1"))
    assert again.action == "present" and again.memory_id == first.memory_id
    assert len(service.list(limit=100)) == 1


def test_a_near_duplicate_strengthens_the_existing_memory(service):
    first = apply(service, candidate("We always run `ruff check` before committing.", "cap_1"))
    before = service.get(first.memory_id)
    second = apply(service, candidate("Always run `ruff check` before committing!", "cap_2"))
    after = service.get(first.memory_id)
    assert second == type(second)("strengthened", first.memory_id)
    assert after.importance > before.importance and after.confidence > before.confidence
    assert len(service.list(limit=100)) == 1


def test_an_exact_copy_from_elsewhere_strengthens_too(service):
    saved = service.save("We deploy with `make ship`.", importance=0.4, confidence=0.5)
    outcome = apply(service, candidate("We deploy with `make ship`.", "cap_9"))
    assert outcome.action == "strengthened" and outcome.memory_id == saved.memory.id
    assert service.get(saved.memory.id).confidence > 0.5


def test_a_newer_contradicting_statement_supersedes_the_old_one(service):
    old = apply(service, candidate("Deploy with `make ship`.", "cap_1"))
    new = apply(service, candidate("We now deploy with `make release`.", "cap_2"))
    assert new.action == "added" and new.superseded == (old.memory_id,)
    assert live_texts(service) == ["We now deploy with `make release`."]
    kept = service.get(old.memory_id)                      # still in history
    assert kept.superseded_by == new.memory_id
    relations = service.relations(new.memory_id)
    assert [(r.source_id, r.target_id, r.kind) for r in relations] == [
        (new.memory_id, old.memory_id, "supersedes")]
    assert [h.memory.id for h in service.search("deploy")] == [new.memory_id]


def test_supersede_is_finished_on_replay_after_a_crash_between_save_and_supersede(service):
    old = apply(service, candidate("Deploy with `make ship`.", "cap_1"))
    service.save("We now deploy with `make release`.", source="capture", capture_id="cap_2")
    replayed = apply(service, candidate("We now deploy with `make release`.", "cap_2"))
    assert replayed.action == "present" and replayed.superseded == (old.memory_id,)
    assert live_texts(service) == ["We now deploy with `make release`."]


def test_different_subjects_do_not_supersede_each_other(service):
    apply(service, candidate("We now lint with `ruff`.", "cap_1"))
    apply(service, candidate("We now test with `pytest -q`.", "cap_2"))
    apply(service, candidate("We now deploy with `make release`.", "cap_3"))
    assert len(live_texts(service)) == 3


def test_user_tier_candidates_land_in_the_user_tier(service):
    outcome = apply(service, candidate("I prefer short commit messages.", "cap_1", scope="user"))
    assert service.get(outcome.memory_id).namespace == "user:tester"


def test_similarity_and_contradiction_rules():
    assert similarity("We always use `uv`.", "Always use `uv`!") == 1.0
    assert similarity("We always use `uv`.", "The bug was a race in the WAL.") == 0.0
    assert contradicts("We now deploy with `make release`.", "Deploy with `make ship`.")
    assert not contradicts("Deploy with `make release`.", "Deploy with `make ship`.")  # no change cue
    assert not contradicts("We now lint with `ruff`.", "We now test with `pytest`.")
