"""Tags of captured statements name their subject (aegis.capture.tags)."""

from __future__ import annotations

import pytest

from aegis.capture.tags import tags_for


@pytest.mark.parametrize("text,expected", [
    ("We picked NATS JetStream over Kafka because ZooKeeper is too much.",
     {"nats", "jetstream", "kafka", "zookeeper"}),
    ("Never use pandas in request handlers.", {"pandas", "handlers"}),
    ("The bug was that `parse_date` in utils/dates.py treated timestamps as local.",
     {"parse_date", "utils/dates.py"}),
    ("We bumped Go to 1.23, so go.mod should say 1.23.", {"go", "go.mod"}),
    ("Never commit the `.env` file.", {".env"}),
    ("Format amounts with `quantize(Decimal('0.01'))`.", {"quantize"}),
])
def test_tags_name_the_subject(text, expected):
    tags = tags_for(text, "convention")
    assert tags[0] == "convention" and expected <= set(tags), tags


def test_markers_versions_and_generic_acronyms_are_no_tags():
    tags = tags_for("The API token is [REDACTED:github-pat], rotate it in CI every 2.0 release "
                    "per PR and keep UTC.", "fact")
    for noise in ("redacted", "github-pat", "api", "ci", "pr", "utc", "2.0", "every"):
        assert noise not in tags, tags
    assert "token" in tags


def test_at_most_five_tags():
    assert len(tags_for("`a_b` `c_d` `e_f` `g_h` `i_j` `k_l` in x.py and y.py", "fact")) == 5
