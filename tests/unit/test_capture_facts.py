"""Plain project facts the user states without a cue word (aegis.capture.facts)."""

from __future__ import annotations

import pytest

from aegis.capture.extract import statements_from_text
from aegis.capture.facts import is_project_fact


@pytest.mark.parametrize("sentence", [
    "Prometheus scrapes the exporter on port 9108.",
    "The Helm chart is in deploy/charts/kettle and prod runs in the eu-west-1 cluster.",
    "Staging is on Ubuntu 22.04 and prod is still on 20.04.",
    "The app is a FastAPI service in `svc/`.",
    "The docs are built with mkdocs-material and published from the `gh-pages` branch.",
    "The ansible repo is owned by the platform team.",
    "We bumped Go to 1.23 last week, so go.mod should say 1.23.",
    "The internal registry is at https://registry.acme.internal and needs the VPN.",
])
def test_ports_paths_versions_hosts_owners_and_tools_are_facts(sentence):
    assert is_project_fact(sentence)


@pytest.mark.parametrize("sentence", [
    "the deploy failed on staging again, logs are in /var/log/deploy.log",
    "here's the output from port 8080",
    "ok the PR is https://github.com/acme/shop/pull/12",
    "the error is on line 42 of utils/dates.py",
    "I'm looking at src/app.py right now",
    "it exits right away with 'nats: no responders available' on port 4222",
    "can you check what listens on port 8080?",
    "I think the config is in /etc/app/app.conf",
    "Please move the config to /etc/app/app.conf",
    "The weather in Paris is nice today.",
    "we read and/or write the cache a lot",
])
def test_symptoms_requests_guesses_and_small_talk_are_not(sentence):
    assert not is_project_fact(sentence)


def test_only_the_user_states_plain_facts():
    sentence = "The config is at /etc/prometheus/prometheus.yml on every box."
    [fact] = statements_from_text(sentence, "user", 0.5)
    assert fact.category == "fact" and "/etc/prometheus/prometheus.yml" in fact.tags
    assert statements_from_text(sentence, "assistant", 0.5) == []


def test_a_plain_fact_needs_its_subject():
    # "It's on the mon-01 box" alone says nothing about what is; with the sentence before, it does.
    assert statements_from_text("It's on the `mon-01` box.", "user", 0.5) == []
    # The sentence before is a standing fact of its own (a project thing, habitual present).
    first, kept = statements_from_text("The metrics exporter runs as a systemd unit. It listens on "
                                       "port 9108.", "user", 0.5)
    assert first.text == "The metrics exporter runs as a systemd unit."
    assert kept.text.startswith("The metrics exporter") and "port 9108" in kept.text


@pytest.mark.parametrize("sentence", [
    "ok now run the linter on src/",
    "my local checkout is at ~/code/lumen",
])
def test_requests_and_my_own_checkout_are_not_project_facts(sentence):
    assert not is_project_fact(sentence)


def test_the_next_step_of_the_task_is_no_rule():
    assert statements_from_text("deploy it to staging when you're done", "user", 0.5) == []
