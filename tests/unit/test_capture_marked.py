"""A user's rule marked by its own word in any domain's vocabulary (``capture.marked``, #14):
kept although no technical word or value says it is about the work — and the look-alikes
that are a symptom, the speaker's habit, this task or a story of the past."""

import pytest

from aegis.capture.extract import statements_from_text
from aegis.capture.marked import is_marked_rule


def texts(message):
    return [s.text for s in statements_from_text(message, "user", 0.5)]


@pytest.mark.parametrize("sentence", [
    "An empty ward is always listed, never hidden.",
    "And the big one: donor names never leave the office.",
    "Never refund a voucher in cash, that came from the auditors.",
    "Never print the home address.",
    "members see the public schedule only",
    "no bookings on bank holidays, so this goes out on tuesday.",
    "We got fined for late notices last spring so no reminders after 21:00, ever.",
    "and keep only the three newest drafts plus the published one.",
    "never ring a client before 09:00 their time, if it falls there we ring at 09:15.",
    "Yes, only the metric units, no imperial values in new reports.",
    "Only admins can delete an invoice.",
    "no new jQuery plugins in the storefront.",
])
def test_a_rule_by_its_mark_is_kept(sentence):
    assert is_marked_rule(sentence)
    assert texts(sentence), sentence


@pytest.mark.parametrize("sentence", [
    "the reminder only fails on Mondays",               # a symptom
    "I always forget that step so put it in the checklist",   # the speaker's habit
    "Reply to Dana on the thread for me, draft only.",  # this task
    "For the demo on friday set it to 10 minutes on my local env only",
    "I checked it now, the export is fine, it was only the holidays.",   # the past
    "Maybe we should never send reminders on Sundays.",  # a hedge
    "Never the other way round.",                       # points elsewhere
    "No no, not now, the import is for another day.",
    "Do we always send the receipt by email?",
    "The rules for the front desk, and they are not negotiable:",   # a heading
    "Only the invoices, not the receipts.",             # a verbless reply
    "Not for all customers, only some.",
])
def test_what_only_looks_like_a_marked_rule_is_not_kept(sentence):
    assert not is_marked_rule(sentence)
    assert not texts(sentence), sentence


@pytest.mark.parametrize("sentence, kept", [
    ("For the record, rules for this package:", False),     # heads the list that follows
    ("one change before merge: the upload limit is 20 MB from now on, 10 was too small, "
     "product agreed this morning.", True),                 # when it was agreed, not a status
])
def test_a_list_heading_and_a_rule_agreed_today(sentence, kept):
    assert bool(texts(sentence)) is kept, texts(sentence)


def test_a_list_the_user_asks_to_follow_in_any_english_is_read_as_rules():
    """"please to follow them:" (non-native) introduced a rules list as "please follow" does."""
    said = ("Before you fix, here are rules from our wiki, please to follow them:\n"
            "1. Every new screen has a preview and a screenshot test.\n")
    assert texts(said) == ["Every new screen has a preview and a screenshot test."]
