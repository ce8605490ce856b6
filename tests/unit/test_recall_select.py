"""Which memories recall and the briefing pick."""

from __future__ import annotations

from aegis.recall.select import briefing_memories, briefing_weight, recall_hits


def test_recall_returns_relevant_memories_and_skips_already_injected(service):
    deploy = service.save("We deploy with make release and never push tags by hand.").memory
    ship = service.save("To deploy a release candidate, tag it rc first.").memory
    service.save("The frontend uses Tailwind CSS.")
    hits = recall_hits(service, "how do we deploy a release?", 5, 0.2)
    assert {h.memory.id for h in hits} == {deploy.id, ship.id}      # Tailwind is off-topic
    skipped = recall_hits(service, "how do we deploy a release?", 5, 0.2,
                          skip=lambda i: i == deploy.id)
    assert deploy.id not in [h.memory.id for h in skipped]
    assert ship.id in [h.memory.id for h in skipped]


def test_an_off_topic_prompt_finds_nothing_over_the_floor(service):
    service.save("We deploy with make release.")
    service.save("Money is stored as integer cents.")
    assert recall_hits(service, "write a haiku about autumn leaves", 5, 0.2) == []


def test_hits_far_weaker_than_the_best_are_dropped(service):
    strong = service.save("Invoice numbers are allocated with SELECT FOR UPDATE on "
                          "invoice_counters, without gaps.").memory
    service.save("Invoice PDFs are rendered by WeasyPrint.")
    hits = recall_hits(service, "invoice numbers without gaps invoice_counters", 5, 0.0)
    assert [h.memory.id for h in hits] == [strong.id]


def test_importance_does_not_lift_a_memory_over_the_floor(service):
    service.save("Autumn is when we freeze the release branch.", importance=1.0)
    assert recall_hits(service, "haiku poem about the ocean and autumn colors", 5, 0.3) == []


def test_briefing_prefers_important_guiding_and_recalled_memories(service):
    plain = service.save("The office plant is watered on Fridays.", source="capture").memory
    rule = service.save("Money is always integer cents.", tags=["convention"],
                        source="capture").memory
    key = service.save("Never apply terraform from a laptop.", importance=0.9).memory
    pref = service.save("I like short answers.", scope="user", tags=["preference"]).memory
    project = briefing_memories(service, "project", 10)
    assert [m.id for m in project] == [key.id, rule.id]      # the plain captured fact stays out
    on_purpose = service.save("The printer is on the third floor.").memory   # /remember
    assert on_purpose.id in [m.id for m in briefing_memories(service, "project", 10)]
    assert [m.id for m in briefing_memories(service, "user", 10)] == [pref.id]
    for _ in range(5):
        service.mark_recalled([plain.id])
    often = service.get(plain.id)
    assert briefing_weight(often, often.updated_at) > briefing_weight(plain, plain.updated_at)
