"""trial5 F11 through the built pyz on both backends: each new value of the same fact
(a region name) replaces the last, and saying the value in force again strengthens it."""

from __future__ import annotations

import json
import time


def test_each_new_region_of_the_staging_cluster_replaces_the_last(run_pyz, backend_env):
    env = {**backend_env, "AEGIS_EMBEDDING_MODE": "none"}
    said = ["The staging cluster is eu-west-1.", "The staging cluster moved to eu-central-1.",
            "The staging cluster is now eu-central-1.", "The staging cluster moved to ap-south-1."]
    for text in said:
        done = run_pyz("remember", text, env=env)
        assert done.returncode == 0, done.stderr
        time.sleep(1.1)                  # each later, to the second a store keeps
    listed = json.loads(run_pyz("list", "--json", "--all", "--limit", "50", env=env).stdout)
    current = [m["text"] for m in listed["memories"] if "staging cluster" in m["text"]
               and not m["superseded_by"]]
    assert current == ["The staging cluster moved to ap-south-1."], listed["memories"]
