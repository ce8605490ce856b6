"""A prompt's query embedding that misses the hook's bound: each provider's own cool-down.

The providers are the real classes with only ``embed_batch`` replaced by one that
does not answer until the test lets it, so what is under test is what each provider
declares (``name``, ``label``, ``miss_cooldown``) and how ``aegis.recall.embed_budget``
reads it: a slow local model keeps the local model off for a few seconds only, and
never turns Voyage off; a silent Voyage keeps Voyage off for a minute, and never
turns the local model off.
"""

from __future__ import annotations

import os
import threading
import time

import pytest

from aegis.embeddings.guard import GuardedEmbedder
from aegis.embeddings.static_model import LocalEmbedder
from aegis.embeddings.voyage import VoyageEmbedder
from aegis.recall import embed_budget
from aegis.recall.deadline import Deadline

SOON = 0.3          # seconds left on the hook's deadline: 0.1 s for the query after the reserve


class Unanswered:
    """A provider's embed that waits for ``release`` (set by the test's teardown)."""

    release = threading.Event()

    def embed_batch(self, texts, input_type="document"):
        self.release.wait(30)
        return [[1.0] + [0.0] * (self.dimensions - 1) for _ in texts]


class SlowLocal(Unanswered, LocalEmbedder):
    dimensions = 8


class SilentVoyage(Unanswered, VoyageEmbedder):
    pass


class QuickLocal(LocalEmbedder):
    dimensions = 8

    def embed_batch(self, texts, input_type="document"):
        return [[1.0] + [0.0] * 7 for _ in texts]


@pytest.fixture(autouse=True)
def _release_the_waiting_threads():
    Unanswered.release.clear()
    yield
    Unanswered.release.set()


def hook(provider, data_dir) -> GuardedEmbedder:
    """What one recall hook does with its embedder: bound it, query, record a miss."""
    embedder = GuardedEmbedder(provider)
    embed_budget.bound(embedder, Deadline(time.monotonic() + SOON), str(data_dir))
    embedder.embed_query("how do we deploy")
    embed_budget.record(embedder, str(data_dir))
    return embedder


def age_marker(data_dir, name: str, seconds: float) -> None:
    path = data_dir / "recall" / f"embedding-down-{name}"
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_a_slow_local_model_costs_that_prompt_its_semantic_half(tmp_path):
    missed = hook(SlowLocal(), tmp_path)
    assert missed.gave_up and not missed.active
    assert "the local embedding model did not answer within" in missed.notice
    assert (tmp_path / "recall" / "embedding-down-local").is_file()
    assert not (tmp_path / "recall" / "embedding-down-voyage").exists()


def test_a_slow_local_model_does_not_turn_voyage_off(tmp_path):
    hook(SlowLocal(), tmp_path)
    voyage = GuardedEmbedder(VoyageEmbedder("pa-test-key"))
    embed_budget.bound(voyage, Deadline(time.monotonic() + SOON), str(tmp_path))
    assert voyage.active and voyage.query_seconds is not None


def test_the_local_back_off_is_short_then_the_model_is_tried_again(tmp_path):
    hook(SlowLocal(), tmp_path)
    right_after = hook(QuickLocal(), tmp_path)
    assert not right_after.active and not right_after.gave_up
    assert "trying it again within 10 s" in right_after.notice
    age_marker(tmp_path, "local", LocalEmbedder.miss_cooldown + 1)
    later = hook(QuickLocal(), tmp_path)
    assert later.active and later.notice is None


def test_a_silent_voyage_keeps_voyage_off_for_a_minute_but_not_the_local_model(tmp_path):
    missed = hook(SilentVoyage("pa-test-key"), tmp_path)
    assert missed.gave_up and "Voyage did not answer within" in missed.notice
    local = hook(QuickLocal(), tmp_path)
    assert local.active and local.notice is None
    age_marker(tmp_path, "voyage", LocalEmbedder.miss_cooldown + 1)   # past local's back-off
    voyage = GuardedEmbedder(VoyageEmbedder("pa-test-key"))
    embed_budget.bound(voyage, Deadline(time.monotonic() + SOON), str(tmp_path))
    assert not voyage.active and "trying it again within a minute" in voyage.notice
    age_marker(tmp_path, "voyage", VoyageEmbedder.miss_cooldown + 1)
    voyage = GuardedEmbedder(VoyageEmbedder("pa-test-key"))
    embed_budget.bound(voyage, Deadline(time.monotonic() + SOON), str(tmp_path))
    assert voyage.active
