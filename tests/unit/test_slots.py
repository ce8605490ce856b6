"""The slot a rule fills, and how slots decide dedup and supersede (``aegis.slots``).

Sentences written for these tests (a ledger/telemetry project), not taken from a benchmark.
"""

from __future__ import annotations

import pytest

from aegis.slots import CASE, CONTAIN, END, IMPORT, PRACTICE, ROLE, START, slot
from aegis.supersede import DUPLICATE, UPDATE, relation


@pytest.mark.parametrize("text,target,aspect,value", [
    ("Prefix all function names with 'tl_'.", {"function"}, START, {"tl_"}),
    ("Function names should begin with 'tm_'.", {"function"}, START, {"tm_"}),
    ("Put '_in' at the end of every function argument name.", {"argument"}, END, {"_in"}),
    ("When naming class attributes, finish them with '_v'.", {"attribute"}, END, {"_v"}),
    ("Start ending all method names with '_q'.", {"method"}, END, {"_q"}),   # "start" frames
    ("Give every method name a lower case 'k_' prefix.", {"method"}, START, {"k_"}),  # not a case
    ("Every attribute should end in '_k' here.", {"attribute"}, END, {"_k"}),   # shape: a name part
    ("When naming class attributes, start the variable name with 'a_'.", {"attribute"}, START,
     {"a_"}),                                       # the naming frame says what is named
    ("Classes get PascalCase names.", {"class"}, CASE, {"camel"}),
    ("Put a digit somewhere in every constant name.", {"constant"}, CONTAIN, {"digit"}),
    ("Always add the '@audited' decorator to every method of the ledger classes.",
     {"method"}, PRACTICE, {"audited"}),
    ("Add the '@audited' decorator from the 'guards' package to all methods.",
     {"method"}, PRACTICE, {"audited"}),                 # where it comes from is no slot
    ("Write type annotations for every function.", {"function"}, PRACTICE, {"type", "annotation"}),
    ("Import the 'sched' module in every file, even unused.", {"import"}, IMPORT, {"sched"}),
    ("We use Redis as the primary cache for sessions.", {"primary", "cache"}, ROLE, {"redi"}),
])
def test_a_rule_names_its_target_aspect_and_value(text, target, aspect, value):
    found = slot(text)
    assert (found.target, found.aspect, found.value) == (target, aspect, value)


@pytest.mark.parametrize("text", [
    "Remember that the billing service must run four gunicorn workers.",
    "Run only the LedgerSecurity tests scheme, not the whole plan.",    # tests in plain words
    "The release train leaves every other Thursday.",
])
def test_other_statements_fill_no_slot(text):
    assert slot(text) is None


@pytest.mark.parametrize("new,old,expected", [
    # a new value for a naming position replaces the old one, however it is worded
    ("Function names should begin with 'tm_'.", "Prefix all function names with 'tl_'.", UPDATE),
    ("Put '_out' after every method name.", "End all method names with '_in'.", UPDATE),
    ("Classes get snake_case names.", "Use CamelCase for class names.", UPDATE),
    # ... but only for the same kind of code object
    ("End function names with '_d'.", "End function argument names with '_g'.", None),
    ("Put a digit in function argument names.", "Put a digit in function names.", None),
    ("Use type annotations for all methods.", "Append '_md' to all method names.", None),
    # practices are additive: another one does not undo the first
    ("Add the '@timed' decorator to all methods.", "Add the '@audited' decorator to all methods.",
     None),
    ("Write docstrings for every method.", "Write type annotations for every method.", None),
    ("Add '@timed' instead of '@audited' to all methods.",
     "Add the '@audited' decorator to all methods.", UPDATE),
    # the same rule in other words is a restatement
    ("Make sure '@audited' is on all methods.",
     "Always add the '@audited' decorator to every method of the ledger classes.", DUPLICATE),
    ("Got it, I'll add the '@audited' decorator to every method from now on.",
     "Always add the '@audited' decorator to every method.", DUPLICATE),
    ("Wrap every function body in try blocks consistently.",
     "Use try statements in every function so errors are handled.", DUPLICATE),
    ("I'll import the 'sched' module from now on.",
     "Import the 'sched' module in every file, even if you don't use it.", DUPLICATE),
    ("Use 'tm_' from now on.", "Function names should begin with 'tm_'.", DUPLICATE),
    # ... and one that names the target the old one left unsaid is the fuller one
    ("Add the '@audited' decorator to all methods.", "Please start using '@audited'.", UPDATE),
    # polarity flips are updates
    ("Never add the '@audited' decorator to methods.",
     "Always add the '@audited' decorator to methods.", UPDATE),
    # a role is held by one thing at a time
    ("Use Memcached as the primary cache for sessions.",
     "We use Redis as the primary cache for sessions.", UPDATE),
    ("I previously said any laptop would do, but going forward use a desktop as your main "
     "build machine.", "Use the shared Mac mini as the main build machine.", UPDATE),
    ("Use Redis as the primary cache.", "Use Postgres as the primary database.", None),
])
def test_slots_decide_restatement_update_or_distinct(new, old, expected):
    assert relation(new, old) == expected


def test_distinct_services_with_the_same_rule_never_merge():
    billing = "Remember that the billing service must run four gunicorn workers because of memory."
    search = "Remember that the search service must run four gunicorn workers because of memory."
    assert relation(search, billing) is None and relation(billing, search) is None


def test_memory_save_restating_or_replacing_a_slot_goes_through_the_same_path(service):
    """What the model saves itself (``memory_save`` → ``MemoryService.remember``)."""
    first = service.remember("Always add the '@audited' decorator to every ledger method.")
    again = service.remember("Make sure '@audited' is on all methods.")
    assert (again.created, again.merged, again.memory.id) == (False, True, first.memory.id)
    prefix = service.remember("Prefix all function names with 'tl_'.")
    argument = service.remember("End function argument names with '_in'.")
    newer = service.remember("Function names should begin with 'tm_'.")
    assert newer.superseded == (prefix.memory.id,)
    live = sorted(m.text for m in service.list(limit=10))
    assert live == ["Always add the '@audited' decorator to every ledger method.",
                    "End function argument names with '_in'.",
                    "Function names should begin with 'tm_'."]
    assert argument.memory.superseded_by is None
