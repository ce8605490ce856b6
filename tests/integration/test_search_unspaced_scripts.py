"""A memory written in a language without spaces between words (Japanese, Chinese,
Thai) or with emoji is found by a part of a run and by an emoji, through the built
pyz on both backends: CLI ``search`` and the recall hook. A new user's report: after
``remember "…日本語のテキスト 🚀 emoji"`` only the whole run ``日本語のテキスト``
matched; ``日本語``, ``テキスト`` and ``🚀`` found nothing."""

from __future__ import annotations

import json

import pytest

REPORTED = "…日本語のテキスト 🚀 emoji"
CHINESE = "我们用北京时间部署服务器"             # "we deploy the servers on Beijing time"
THAI = "ทีมใช้ฐานข้อมูลโพสต์เกรส"                   # "the team uses the Postgres database"
LATIN = "We deploy with make ship."


def remember(run_pyz, env, text: str) -> str:
    done = run_pyz("remember", "--json", text, env=env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["id"]


def found(run_pyz, env, query: str) -> list[str]:
    done = run_pyz("search", "--json", query, env=env)
    assert done.returncode == 0, done.stderr
    return [hit["text"] for hit in json.loads(done.stdout)["results"]]


@pytest.mark.parametrize("query", ["日本語", "テキスト", "🚀", "日本語のテキスト", "本", "emoji"])
def test_the_reported_memory_is_found_by_each_part(run_pyz, backend_env, query):
    remember(run_pyz, backend_env, REPORTED)
    remember(run_pyz, backend_env, LATIN)
    assert found(run_pyz, backend_env, query) == [REPORTED]


def test_chinese_and_thai_are_found_by_a_word_inside_a_run(run_pyz, backend_env):
    for text in (CHINESE, THAI, LATIN):
        remember(run_pyz, backend_env, text)
    assert found(run_pyz, backend_env, "北京时间") == [CHINESE]
    assert found(run_pyz, backend_env, "服务器") == [CHINESE]
    assert found(run_pyz, backend_env, "ฐานข้อมูล") == [THAI]
    assert found(run_pyz, backend_env, "deploy") == [LATIN]


def test_the_text_reads_back_as_written(run_pyz, backend_env):
    memory_id = remember(run_pyz, backend_env, REPORTED)
    got = run_pyz("get", "--json", memory_id, env=backend_env)
    assert got.returncode == 0, got.stderr
    assert json.loads(got.stdout)["memory"]["text"] == REPORTED
    listed = run_pyz("list", "--json", "--scope", "project", env=backend_env)
    assert [m["text"] for m in json.loads(listed.stdout)["memories"]] == [REPORTED]
    changed = run_pyz("update", memory_id, "--text", "東京大学の研究 🎉", env=backend_env)
    assert changed.returncode == 0, changed.stderr
    assert found(run_pyz, backend_env, "大学") == ["東京大学の研究 🎉"]
    assert found(run_pyz, backend_env, "テキスト") == []


def test_the_recall_hook_injects_a_memory_for_a_prompt_in_japanese(run_pyz, backend_env,
                                                                   project):
    remember(run_pyz, backend_env, "デプロイは金曜日に禁止です")   # no deploys on Fridays
    remember(run_pyz, backend_env, LATIN)
    prompt = {"session_id": "s1", "cwd": str(project), "hook_event_name": "UserPromptSubmit",
              "prompt": "金曜日にデプロイしてもいいですか？"}    # may I deploy on Friday?
    done = run_pyz("hook", "user-prompt-submit", input=json.dumps(prompt),
                   env={**backend_env, "AEGIS_RECALL_TIME_BUDGET_MS": "30000",
                        "AEGIS_HOOK_RELAY": "false"})
    assert done.returncode == 0, done.stderr
    context = json.loads(done.stdout)["hookSpecificOutput"]["additionalContext"]
    assert "デプロイは金曜日に禁止です" in context
    assert LATIN not in context
