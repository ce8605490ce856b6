"""Capture through the built pyz of rules the user pastes for the assistant to follow, and of
the day's deixis (capture3, #14).

A session in Claude Code's real JSONL shape ends with the SessionEnd hook; ``aegis list``
then shows a quoted review "pls apply to this one too", a PR checklist "so you follow it"
and a CONTRIBUTING excerpt in a fence after "so you know the house rules" as one memory
per item, a rejected alternative, a "no X without…" ban, the assistant's change after its
cause; and not what "scratch that about the cache" took back, nor "don't deploy this
afternoon". The conversation is written for this test (a Kotlin tide-gauge service), not
taken from any benchmark set.
"""

from __future__ import annotations

from tests.integration.test_capture_unseen_shapes_pyz import end_session

TURNS = [
    ("user", "tidegauge again. the gauge client keeps readings for 10 min in a local buffer."),
    ("user", "review from Ines on the last PR, pls apply to this one too:\n"
             "> - keep coroutine scopes out of the repository classes\n"
             "> - no runBlocking outside of tests"),
    ("user", "pasting our PR template checklist so you follow it:\n## Checklist\n"
             "- [ ] new config goes in application.yaml, not hardcoded\n"
             "- [ ] ktlint passes (./gradlew ktlintCheck)"),
    ("user", "here is the top of CONTRIBUTING so you know the house rules:\n```\n"
             "// 1. gauge IDs are UPPER_SNAKE and never reused after decommissioning\n```"),
    ("user", "we went with Ktor for the API. plain Spring was rejected since the image got too big."),
    ("assistant", "Readings were duplicated because the retry re-sent a batch the server had already "
                  "stored. I added an idempotency key per batch in GaugeUploader.kt."),
    ("user", "actually scratch that about the buffer: buffering is 60 seconds now."),
    ("user", "don't deploy to prod this afternoon, we have a demo."),
    ("assistant", "Understood."),
]


def test_pasted_rules_are_kept_item_by_item_and_the_task_of_today_is_not(run_pyz, project,
                                                                         isolated_env):
    texts = [m["text"] for m in end_session(run_pyz, isolated_env, project, "tide-1", TURNS,
                                            "60 seconds")]   # the last one said
    joined = "\n".join(texts)
    for phrase in ("No runBlocking outside of tests", "application.yaml",
                   "gauge IDs are UPPER_SNAKE", "plain Spring was rejected",
                   "idempotency key per batch", "buffering is 60 seconds"):
        assert phrase.lower() in joined.lower(), (phrase, texts)
    for phrase in ("10 min", "this afternoon", "Understood"):
        assert phrase not in joined, (phrase, texts)
