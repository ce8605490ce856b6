"""Extraction: which sentences become memories, and how they read."""

from __future__ import annotations

import pytest

from aegis.capture.extract import extract, score, self_contained, statements_from_text
from aegis.capture.sentences import prose, split_sentences, strip_private
from aegis.transcript import Message


def texts(text: str, role: str = "user", min_salience: float = 0.5) -> list[str]:
    return [s.text for s in statements_from_text(text, role, min_salience)]


# ---------------------------------------------------------------- sentences

def test_splitting_keeps_file_names_versions_abbreviations_and_urls_whole():
    parts = split_sentences("State lives in session.py, e.g. tokens and ids. Upgrade to v1.2.3 "
                            "first! Docs: https://example.com/a.b?c=1. Done.")
    assert parts == ["State lives in session.py, e.g. tokens and ids.", "Upgrade to v1.2.3 first!",
                     "Docs: https://example.com/a.b?c=1.", "Done."]


def test_splitting_never_breaks_inside_inline_code():
    assert split_sentences("Run `make test. lint` before pushing. Then ship.") == [
        "Run `make test. lint` before pushing.", "Then ship."]


def test_private_spans_are_removed_even_when_unclosed():
    assert "hunter2" not in strip_private("a <private>pw hunter2</private> b")
    assert "hunter2" not in strip_private("a <PRIVATE>pw hunter2 and the rest")


def test_prose_drops_code_logs_tracebacks_and_tables():
    text = ("We always use UTC.\n```python\n# we always use local time\nx = 1\n```\n"
            "2026-03-02 10:00:01 ERROR we never retry\nTraceback (most recent call last):\n"
            '  File "a.py", line 3, in f\nValueError: we must stop\n| we | always |\n'
            "<system-reminder>Remember that X is Y.</system-reminder>")
    kept = prose(text)
    assert "We always use UTC." in kept
    for noise in ("local time", "never retry", "must stop", "| we", "X is Y"):
        assert noise not in kept


# ---------------------------------------------------------------- what is memorable

@pytest.mark.parametrize("sentence,category", [
    ("Remember that the staging database is reset every Sunday.", "fact"),
    ("We decided to keep caching in-process with `functools.lru_cache`.", "decision"),
    ("Let's use Postgres 16 instead of MySQL for billing.", "decision"),
    ("Never commit the `.env` file.", "convention"),
    ("We deploy with `make ship` from the release branch.", "convention"),
    ("I prefer short commit messages in the imperative mood.", "preference"),
    ("The root cause was the migration running before the database was healthy.", "fix"),
    ("The bug was that `parse_date` treated naive timestamps as local time.", "fix"),
])
def test_salient_statements_are_found(sentence, category):
    found, salience = score(sentence, "user")
    assert (found, salience >= 0.5) == (category, True)


@pytest.mark.parametrize("sentence", [
    "Should we add Redis for caching?",
    "Thanks, that works!",
    "ok",
    "Maybe we should switch to Vite at some point.",
    "Can you rename the function?",
    "We haven't decided on the queue yet.",
    "I think the flaky test might be caused by the temp dir.",
    "The weather is nice today and the build is green.",
])
def test_questions_chitchat_hedges_and_plain_statements_are_not(sentence):
    assert texts(sentence) == []


def test_assistant_statements_weigh_less_than_user_statements():
    sentence = "We use pnpm in the web folder."
    assert score(sentence, "assistant")[1] < score(sentence, "user")[1]
    assert texts("Use pnpm in the web folder.", role="user")
    assert not texts("Use pnpm in the web folder.", role="assistant")   # bare imperative


def test_assistant_narration_is_not_captured():
    assert texts("Let me always check the logs first.", role="assistant") == []
    assert texts("I'll never touch that file again.", role="assistant") == []


def test_min_salience_gates():
    sentence = "We use pnpm in the web folder."
    assert texts(sentence, min_salience=0.5)
    assert texts(sentence, min_salience=0.99) == []


# ---------------------------------------------------------------- how memories read

def test_remember_prefix_and_lead_ins_are_stripped():
    assert texts("Also, remember that the API rate limit is 100 requests per minute.") == [
        "The API rate limit is 100 requests per minute."]


def test_a_leading_pronoun_is_resolved_from_the_sentence_before():
    assert self_contained("It must never sleep longer than 5 s.",
                          "We looked at `retry.py` today.") == (
        "`retry.py` must never sleep longer than 5 s.")
    found = texts("The nightly job rebuilds the search index. It must never run during "
                  "business hours.")
    assert found == ["The nightly job rebuilds the search index. It must never run during "
                     "business hours."]


def test_personal_preferences_go_to_the_user_tier_and_project_facts_do_not():
    [personal] = statements_from_text("I prefer short commit messages.", "user", 0.5)
    [project] = statements_from_text("I prefer tabs in this repo.", "user", 0.5)
    [rule] = statements_from_text("We always squash merge.", "user", 0.5)
    assert (personal.scope, project.scope, rule.scope) == ("user", "project", "project")


def test_memories_are_tagged_with_category_and_identifiers():
    [statement] = statements_from_text("Never commit the `.env` file in session.py land.",
                                       "user", 0.5)
    assert statement.tags[0] == "convention"
    assert ".env" in statement.tags and "session.py" in statement.tags


def test_importance_follows_salience():
    [note] = statements_from_text("Remember that backups run at 02:00 UTC.", "user", 0.5)
    [weak] = statements_from_text("We use pnpm in the web folder.", "assistant", 0.5)
    assert note.importance > weak.importance


def test_private_text_is_never_extracted():
    found = texts("<private>We always use the password hunter2.</private> We always use "
                  "`uv` for installs.")
    assert found == ["We always use `uv` for installs."]


def test_tool_output_and_duplicates_are_skipped():
    messages = [Message("user", "We always use `uv` for installs.", tool_output=True),
                Message("user", "We always pin `ruff` in CI."),
                Message("assistant", "We always pin `ruff` in CI.")]
    found = extract(messages)
    assert [s.text for s in found] == ["We always pin `ruff` in CI."]
    assert found[0].role == "user"


def test_an_early_it_takes_the_sentence_before_as_context():
    assert texts("The root cause was a stale lockfile in web. We decided to keep it.") == [
        "The root cause was a stale lockfile in web.",
        "The root cause was a stale lockfile in web. We decided to keep it."]
    assert texts("nice. I really don't like one-letter names, please avoid them.") == [
        "I really don't like one-letter names, please avoid them."]


def test_the_cheap_pre_check_never_hides_a_cue(monkeypatch):
    """Every sentence of every fixture scores the same with and without the pre-check."""
    import json
    from pathlib import Path

    import aegis.capture.extract as extract_module
    from aegis.capture.sentences import sentences
    fixtures = Path(__file__).resolve().parent.parent / "data" / "transcripts"
    corpus = []
    for path in fixtures.glob("*.jsonl"):
        for raw in path.read_text().splitlines():
            content = (json.loads(raw).get("message") or {}).get("content")
            blocks = [content] if isinstance(content, str) else [
                b.get("text", "") for b in content or [] if isinstance(b, dict)]
            for block in blocks:
                corpus += [s for unit in sentences(block or "") for s in unit]
    assert len(corpus) > 100
    with_check = [score(s, role) for s in corpus for role in ("user", "assistant")]
    monkeypatch.setattr(extract_module, "may_be_salient", lambda sentence: True)
    without = [score(s, role) for s in corpus for role in ("user", "assistant")]
    assert with_check == without
    assert sum(1 for category, _ in with_check if category) > 30


def test_a_reply_relaying_stored_memories_is_not_captured_again():
    reply = ("Here is what I found:\n\n`mem_0a1b2c3d4e5f` We release on Tuesdays after the "
             "freeze because QA signs off on Mondays.\n")
    assert extract([Message("assistant", reply)]) == []
    said = "We release on Tuesdays after the freeze because QA signs off on Mondays."
    assert [s.text for s in extract([Message("user", said)])]


# ---------------------------------------------------------------- a debugging exchange's end

def test_the_cause_after_found_it_is_kept_with_the_fix_that_follows():
    [fix] = statements_from_text(
        "Found it. The local NATS container was started without the `-js` flag, so JetStream "
        "wasn't enabled and the lookup got no responders. The fix is to start it with "
        "`nats-server -js` in `docker-compose.dev.yml`.", "assistant", 0.5)
    assert fix.category == "fix" and fix.kind == "event"
    assert fix.text.startswith("The local NATS container was started without the `-js` flag")
    assert "`nats-server -js`" in fix.text and "nats" in fix.tags


def test_a_cause_and_the_fix_said_next_make_one_memory_not_two():
    found = statements_from_text(
        "The problem was that `Decimal` values were passed through `float()`, which drops "
        "trailing zeros. I fixed it by formatting with `quantize` instead.", "assistant", 0.5)
    assert [s.text for s in found] == [
        "The problem was that `Decimal` values were passed through `float()`, which drops "
        "trailing zeros. I fixed it by formatting with `quantize` instead."]


def test_found_it_before_a_plan_is_not_a_cause():
    assert texts("Found it. Let me open the compose file next, so we can see the flags.",
                 role="assistant") == []


def test_a_short_heading_before_a_colon_is_dropped_but_a_label_is_kept():
    assert texts("Some background: we picked NATS over Kafka because of ZooKeeper.") == [
        "We picked NATS over Kafka because of ZooKeeper."]
    assert texts("Root cause: the pool was never closed.", role="assistant")[0].startswith(
        "Root cause:")


@pytest.mark.parametrize("sentence,category", [
    ("The build cache lives in `.cache/build` and can be deleted.", "fact"),
    ("Keep in mind that the API rate limit is 100 requests per minute.", "fact"),
    ("Remember that we deploy with `make ship` from the release branch.", "convention"),
    ("We always colocate component tests next to the component.", "convention"),
])
def test_a_rule_is_a_convention_and_a_description_a_fact(sentence, category):
    [statement] = statements_from_text(sentence, "user", 0.5)
    assert statement.category == category


def test_the_task_of_the_session_is_not_a_rule_but_a_general_one_is():
    assert texts("Add a `--json` flag to the quill CLI.") == []
    assert texts("Add a changelog fragment for every user-facing change in `changes/`.")


@pytest.mark.parametrize("text,phrase", [
    ("What was happening is that `formatRows` joined lines with `os.EOL`, so on Windows the "
     "`\\r` ended up before the comma. I changed `formatRows` to join with `\\n`.",
     "I changed `formatRows` to join"),
    ("It turned out the dataloader kept every decoded image in a list, so host memory grew "
     "each epoch. Disabling `cache_decoded` in `data/loader.py` fixed it.",
     "Disabling `cache_decoded`"),
])
def test_the_cause_and_its_fix_stay_together(text, phrase):
    [fix] = statements_from_text(text, "assistant", 0.5)
    assert fix.category == "fix" and phrase in fix.text


def test_a_name_at_the_start_keeps_its_case():
    [fact] = statements_from_text("For context, gpu-02 has two A100s with 40GB each, and the "
                                  "datasets live in s3://atlas-data/raw.", "user", 0.5)
    assert fact.text.startswith("gpu-02 has two A100s")


def test_a_team_habit_is_a_convention():
    [rule] = statements_from_text("We tend to keep controllers thin and put business logic "
                                  "in `app/services`.", "user", 0.5)
    assert rule.category == "convention"


@pytest.mark.parametrize("role,sentence,category", [
    ("user", "As a rule of thumb here, feature flags get removed within two sprints of launch.",
     "convention"),
    ("user", "Standard practice on this team is to squash-merge every PR.", "convention"),
    ("user", "We don't use ORMs in the reporting service, it's raw SQL via `sqlc`.", "convention"),
    ("user", "Everything that touches payments goes through the `ledger` package.", "fact"),
    ("user", "Tests that hit the network are marked `@pytest.mark.net` and skipped by default.",
     "fact"),
    ("user", "Important: the `orders` table is append-only.", "fact"),
    ("user", "Worth noting: CI caches are keyed on the lockfile hash.", "fact"),
    ("user", "We ended up going with Terraform Cloud instead of Atlantis.", "decision"),
    ("user", "We moved off Heroku to Fly.io last quarter.", "decision"),
    ("assistant", "So the root of it was a race between the two workers writing the same cache "
                  "key; adding a lock around the write in `cache.py` fixed it.", "fix"),
    ("assistant", "The hang came from the HTTP client having no timeout, so a stalled upstream "
                  "blocked the worker forever.", "fix"),
    ("assistant", "That's why the test was flaky: it depended on dict ordering from an older "
                  "Python.", "fix"),
    ("user", "Our Sentry project is `acme-web`, alerts go to #web-alerts.", "fact"),
])
def test_durable_statements_in_other_words(role, sentence, category):
    assert [s.category for s in statements_from_text(sentence, role, 0.5)] == [category]


@pytest.mark.parametrize("role,sentence", [
    ("assistant", "Worth noting: I didn't touch the migrations."),
    ("user", "Worth noting that I skipped the e2e tests."),
    ("user", "We don't use that anymore, ignore it."),
    ("user", "that's why I asked"),
])
def test_marked_reports_of_what_one_did_are_not_facts(role, sentence):
    assert statements_from_text(sentence, role, 0.5) == []
