"""The memory service: validation, redaction, duplicates, updates with history,
relations, tiers and namespace isolation, as the adapters see them."""

from __future__ import annotations

import pytest

from aegis.errors import InvalidInput, NotFound, TooLarge
from aegis.service import MAX_TEXT_CHARS


@pytest.fixture
def other_project(open_service):
    """A second project sharing the same database file and user tier."""
    return open_service("test:other-project", "user:tester")


@pytest.fixture
def other_user(open_service):
    return open_service("test:project", "user:someone-else")


# ---------------------------------------------------------------- save

def test_save_then_get(service):
    result = service.save("  Use ruff for linting  ", tags="Tooling, lint", importance=0.8)
    assert result.created and result.redacted == ()
    memory = service.get(result.memory.id)
    assert memory.text == "Use ruff for linting"
    assert memory.tags == ("tooling", "lint") and memory.importance == 0.8
    assert memory.namespace == "test:project" and memory.source == "user"


def test_exact_duplicate_returns_the_existing_memory(service):
    first = service.save("Deploy with make ship")
    again = service.save("deploy   WITH make ship\n")
    assert not again.created and again.memory.id == first.memory.id
    assert service.stats()["memories"] == 1


def test_the_same_text_in_the_user_tier_is_a_separate_memory(service):
    project = service.save("prefers tabs")
    user = service.save("prefers tabs", scope="user")
    assert user.created and user.memory.id != project.memory.id
    assert user.memory.namespace == "user:tester"


@pytest.mark.parametrize("text", ["", "   \n\t ", None, 42, b"\xff\xfe\x00", "nul\x00byte",
                                  "bell\x07", "replacement \ufffd char"])
def test_unusable_text_is_invalid_input(service, text):
    with pytest.raises(InvalidInput):
        service.save(text)
    assert service.stats()["memories"] == 0


def test_text_over_the_limit_is_too_large(service):
    with pytest.raises(TooLarge) as info:
        service.save("x" * (MAX_TEXT_CHARS + 1))
    assert "limit" in str(info.value)
    assert service.save("y" * MAX_TEXT_CHARS).created


def test_text_that_is_only_a_secret_is_still_saved_as_a_marker(service):
    result = service.save("<private>only this</private>")
    assert result.memory.text == "[REDACTED:private]"
    assert result.redacted == ("private",)


@pytest.mark.parametrize("kwargs", [
    {"importance": 1.5}, {"importance": -0.1}, {"importance": "high"}, {"importance": True},
    {"importance": float("nan")}, {"confidence": 2}, {"kind": "opinion"}, {"scope": "global"},
    {"tags": 5}, {"tags": ",".join(f"t{i}" for i in range(21))}, {"tags": "x" * 65},
])
def test_bad_fields_are_invalid_input(service, kwargs):
    with pytest.raises(InvalidInput):
        service.save("a perfectly fine memory", **kwargs)
    assert service.stats()["memories"] == 0


def test_redaction_is_reported_by_the_name_in_its_marker(service):
    result = service.save("DB password=hunter2hunter2 for staging")
    assert result.redacted == ("secret",)
    assert "hunter2hunter2" not in result.memory.text
    assert "[REDACTED:secret]" in result.memory.text


# ---------------------------------------------------------------- update / history

def test_update_keeps_history_and_redacts(service):
    memory = service.save("we deploy with make ship").memory
    updated = service.update(memory.id, text="we deploy with make release, token=abcd1234efgh")
    assert updated.version == 2 and "abcd1234efgh" not in updated.text
    assert [v.text for v in service.history(memory.id)] == ["we deploy with make ship"]


def test_update_with_nothing_is_invalid(service):
    memory = service.save("something").memory
    with pytest.raises(InvalidInput):
        service.update(memory.id)


def test_update_validates_fields(service):
    memory = service.save("something").memory
    with pytest.raises(InvalidInput):
        service.update(memory.id, importance=3)
    with pytest.raises(InvalidInput):
        service.update(memory.id, text="")
    assert service.get(memory.id).version == 1


def test_supersede_hides_the_old_memory_from_search_but_keeps_it(service):
    old = service.save("deploy with make ship").memory
    new = service.save("deploy with make release").memory
    service.supersede(old.id, new.id)
    assert [h.memory.id for h in service.search("deploy")] == [new.id]
    assert service.get(old.id).superseded_by == new.id
    kinds = {(r.source_id, r.kind, r.target_id) for r in service.relations(old.id)}
    assert (new.id, "supersedes", old.id) in kinds


# ---------------------------------------------------------------- relations

def test_relate_and_list_relations(service):
    a, b = service.save("cause").memory, service.save("effect").memory
    relation = service.relate(b.id, a.id, "caused_by")
    assert (relation.source_id, relation.target_id, relation.kind) == (b.id, a.id, "caused_by")
    assert service.relations(a.id) == service.relations(b.id) == [relation]


@pytest.mark.parametrize("kind", ["likes", "", None])
def test_relate_rejects_unknown_kinds(service, kind):
    a, b = service.save("one").memory, service.save("two").memory
    with pytest.raises(InvalidInput):
        service.relate(a.id, b.id, kind)


def test_relate_rejects_self_and_cross_tier_links(service):
    a = service.save("project fact").memory
    u = service.save("user preference", scope="user").memory
    with pytest.raises(InvalidInput):
        service.relate(a.id, a.id)
    with pytest.raises(InvalidInput):
        service.relate(a.id, u.id)


# ---------------------------------------------------------------- forget

def test_forget_removes_it_and_a_second_forget_is_not_found(service):
    memory = service.save("temporary").memory
    assert service.forget(memory.id).id == memory.id
    with pytest.raises(NotFound):
        service.get(memory.id)
    with pytest.raises(NotFound):
        service.forget(memory.id)


@pytest.mark.parametrize("bad_id", ["", "   ", None, 7, "mem_doesnotexist"])
def test_bad_or_unknown_ids(service, bad_id):
    with pytest.raises((InvalidInput, NotFound)):
        service.get(bad_id)


# ---------------------------------------------------------------- search / list

def test_search_reads_project_and_user_tiers_and_scopes_narrow_it(service):
    p = service.save("prefers pytest fixtures in this project").memory
    u = service.save("prefers pytest over unittest everywhere", scope="user").memory
    assert {h.memory.id for h in service.search("pytest")} == {p.id, u.id}
    assert [h.memory.id for h in service.search("pytest", scope="project")] == [p.id]
    assert [h.memory.id for h in service.search("pytest", scope="user")] == [u.id]


def test_search_ranks_importance_and_honours_top_k(service):
    low = service.save("the build uses bazel for the monorepo", importance=0.1).memory
    high = service.save("the build uses bazel remote cache", importance=1.0).memory
    hits = service.search("build bazel", top_k=1)
    assert [h.memory.id for h in hits] == [high.id]
    assert {h.memory.id for h in service.search("build bazel")} == {low.id, high.id}


def test_min_relevance_drops_weak_matches(service):
    service.save("redis is the cache for sessions")
    assert service.search("redis cache sessions", min_relevance=0.9)
    assert service.search("redis postgres kafka mongo", min_relevance=0.9) == []


@pytest.mark.parametrize("kwargs", [{"top_k": 0}, {"top_k": 101}, {"top_k": "5"},
                                    {"match": "some"}, {"scope": "nowhere"},
                                    {"since": "yesterday"}, {"kinds": ["opinion"]}])
def test_bad_search_arguments_are_invalid(service, kwargs):
    with pytest.raises(InvalidInput):
        service.search("anything", **kwargs)


def test_empty_or_huge_queries_are_invalid(service):
    with pytest.raises(InvalidInput):
        service.search("   ")
    with pytest.raises(TooLarge):
        service.search("q" * 5000)


def test_list_filters_and_bounds(service):
    service.save("tagged", tags="a")
    service.save("untagged")
    assert [m.text for m in service.list(tags="a")] == ["tagged"]
    assert len(service.list(limit=1)) == 1
    for bad in ({"limit": 0}, {"limit": 10_001}, {"offset": -1}):
        with pytest.raises(InvalidInput):
            service.list(**bad)


def test_stats_shape(service):
    service.save("one")
    service.save("two", scope="user")
    stats = service.stats()
    assert stats["backend"] == "sqlite"
    assert (stats["memories"], stats["project_memories"], stats["user_memories"]) == (3 - 1, 1, 1)
    assert stats["project_namespace"] == "test:project"
    assert stats["user_namespace"] == "user:tester"


def test_mark_recalled_through_the_service(service):
    memory = service.save("recall counter").memory
    service.mark_recalled([memory.id])
    assert service.get(memory.id).recall_count == 1


# ---------------------------------------------------------------- isolation

def test_another_project_cannot_see_or_touch_this_projects_memories(service, other_project):
    mine = service.save("api uses postgres 16").memory
    theirs = other_project.save("web uses postgres 15").memory
    assert [h.memory.id for h in other_project.search("postgres")] == [theirs.id]
    assert [m.id for m in other_project.list()] == [theirs.id]
    for attempt in (lambda: other_project.get(mine.id),
                    lambda: other_project.update(mine.id, text="hijacked"),
                    lambda: other_project.forget(mine.id),
                    lambda: other_project.history(mine.id),
                    lambda: other_project.relations(mine.id),
                    lambda: other_project.relate(theirs.id, mine.id),
                    lambda: other_project.relate(mine.id, theirs.id)):
        with pytest.raises(NotFound):
            attempt()
    other_project.mark_recalled([mine.id])
    assert service.get(mine.id) == mine
    assert service.stats()["project_memories"] == 1


def test_user_tier_is_shared_across_projects_but_not_users(service, other_project, other_user):
    pref = service.save("prefers concise answers", scope="user").memory
    assert other_project.get(pref.id).id == pref.id
    with pytest.raises(NotFound):
        other_user.get(pref.id)
    assert other_user.search("concise answers") == []


def test_forgetting_the_replacement_does_not_leave_the_old_memory_hidden(service):
    old = service.save("deploy with make ship").memory
    new = service.save("deploy with make release").memory
    service.supersede(old.id, new.id)
    service.forget(new.id)
    assert service.get(old.id).superseded_by is None
    assert [h.memory.id for h in service.search("deploy")] == [old.id]


def test_bidi_controls_are_taken_out_of_saved_text(open_service):
    service = open_service("p", "user:u")
    saved = service.save("Deploy \u202eon Fridays\u202c never; RTL \u05e9\u05dc\u05d5\u05dd \u200f ok")
    assert saved.memory.text == "Deploy on Fridays never; RTL \u05e9\u05dc\u05d5\u05dd \u200f ok"
