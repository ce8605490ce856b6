"""A new value of the same fact, where the value is a hyphenated name with a digit
(trial5 F11: "The staging cluster is eu-west-1", then "moved to eu-central-1", then
"is now eu-central-1" were three current facts). Sentences written for these tests."""

from __future__ import annotations

import pytest

from aegis.supersede import DUPLICATE, UPDATE, relation, values


def test_a_hyphenated_name_with_a_digit_is_one_value():
    assert values("The staging cluster is eu-west-1.") == {"eu-west-1"}
    assert "node-20" in values("CI runs on node-20 images.")


@pytest.mark.parametrize("new,old", [
    ("The staging cluster moved to eu-central-1.", "The staging cluster is eu-west-1."),
    ("The staging cluster is now eu-central-1.", "The staging cluster is eu-west-1."),
    ("The staging cluster moved to ap-south-1.", "The staging cluster is now eu-central-1."),
])
def test_a_new_value_of_the_same_fact_is_an_update(new, old):
    assert relation(new, old) == UPDATE


def test_the_same_value_said_another_way_is_a_restatement():
    assert relation("The staging cluster is now eu-central-1.",
                    "The staging cluster moved to eu-central-1.") == DUPLICATE


@pytest.mark.parametrize("new,old", [
    ("The production cluster is us-east-1.", "The staging cluster is eu-west-1."),
    ("The billing service runs on node-20.", "The search service runs on node-18."),
])
def test_the_same_kind_of_value_for_another_subject_is_another_fact(new, old):
    assert relation(new, old) is None
