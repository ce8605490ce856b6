"""/remember, /recall and /forget typed with their bare names in `claude -p`."""

from __future__ import annotations

import re

from scripts import MCP, MEMORY_ID, between, call, last_user_prompt, through_tool_search, tool_payload
from stub_api import Request, flatten, text

RELEASE = "We release on Tuesdays after the QA sign-off"


def memories_in(payload: dict) -> list[dict]:
    """The memories a tool result carries (one memory, or a list of results)."""
    for key in ("results", "memories"):
        if isinstance(payload.get(key), list):
            return [m for m in payload[key] if isinstance(m, dict)]
    memory = payload.get("memory") if isinstance(payload.get("memory"), dict) else payload
    return [memory] if memory.get("id") else []


def answer_tool_result(request: Request) -> list[dict]:
    """Reply to a tool result the way the command file asks for."""
    payload = tool_payload(request)
    prompt = " ".join(flatten(m.get("content")) for m in request.messages if m.get("role") == "user")
    if payload.get("ok") is False:
        return [text(f"{payload.get('error')}: {payload.get('message')}")]
    if payload.get("forgotten"):
        return [text(f"Deleted {payload['forgotten']}.")]
    found = memories_in(payload)
    if "<remember-text>" in prompt and "<recall-query>" not in prompt and found:
        return [text(f"Remembered as {found[0]['id']}.")]
    if "<forget-target>" in prompt:
        listing = "\n".join(f"{n}. `{m['id']}` {m.get('text', '')}" for n, m in enumerate(found, 1))
        return [text(listing + "\nWhich of these should I delete?")]
    return [text("\n".join(f"`{m['id']}` {m.get('text', '')}" for m in found)
                 or "No memories match.")]


@through_tool_search
def follow_commands(request: Request):
    """Do what the plugin's command files tell the model to do, nothing more."""
    if request.tool_results():
        return answer_tool_result(request)
    prompt = request.last_user_text()
    if (saved := between("remember-text", prompt)) is not None:
        return call(request, "memory_save", {"text": saved})
    if (query := between("recall-query", prompt)) is not None:
        return call(request, "memory_search", {"query": query, "top_k": 10})
    if (target := between("forget-target", prompt)) is not None:
        if re.fullmatch(r"mem_[0-9a-z]+", target):
            return call(request, "memory_get", {"id": target})
        return call(request, "memory_search", {"query": target, "top_k": 10})
    confirmed = re.search(r"delete (\d+)", last_user_prompt(request))
    if confirmed and "<forget-target>" in request.all_text():
        listed = MEMORY_ID.findall(" ".join(flatten(m.get("content")) for m in request.messages
                                            if m.get("role") == "assistant"))
        return call(request, "memory_forget", {"id": listed[int(confirmed.group(1)) - 1]})
    return None


def test_remember_recall_and_forget_work_with_bare_names(claude_dir, project):
    claude = claude_dir
    claude.stub.responder = follow_commands

    # no --allowedTools: each command's own `allowed-tools` must grant its memory tool
    remembered = claude.run(f"/remember {RELEASE}", project, allow_memory_tools=False)
    assert remembered.permission_denials == []
    expansion = remembered.main_requests[0].last_user_text()
    assert "/aegis:remember" in expansion and "<remember-text>" in expansion, \
        "bare /remember did not resolve to the plugin's command"
    saved = [m for m in claude.memories(project) if m["text"] == RELEASE]
    assert len(saved) == 1, claude.memories(project)
    memory_id = saved[0]["id"]
    assert memory_id in remembered.result["result"]

    recalled = claude.run("/recall release day", project, allow_memory_tools=False)
    assert recalled.permission_denials == []
    assert "<recall-query>" in recalled.main_requests[0].last_user_text()
    assert memory_id in recalled.result["result"]
    assert RELEASE in recalled.result["result"]

    # /forget shows the candidate and deletes nothing until the user confirms
    asked = claude.run(f"/forget {memory_id}", project, allow_memory_tools=False)
    assert asked.permission_denials == []
    assert "<forget-target>" in asked.main_requests[0].last_user_text()
    assert memory_id in asked.result["result"]
    assert [m["id"] for m in claude.memories(project)].count(memory_id) == 1

    # the answer is an ordinary turn, outside the command: pre-approved like any -p use
    confirmed = claude.run("yes, delete 1", project, "--resume", asked.session_id)
    assert any(MCP + "memory_forget" in str(r.messages) for r in confirmed.main_requests)
    assert memory_id not in [m["id"] for m in claude.memories(project)]

    # capture (after exit) neither resurrects the memory nor stores the command text
    claude.wait_for_quiet()
    echoes = [m["text"] for m in claude.memories(project) if MEMORY_ID.search(m["text"])]
    assert echoes == [], "capture stored the assistant's listing of recalled memories as new ones"
    leftovers = [m for m in claude.memories(project)
                 if "remember-text" in m["text"] or "forget-target" in m["text"]
                 or "recall-query" in m["text"]]
    assert leftovers == []
    hits = claude.search("release Tuesdays QA sign-off", project)
    assert hits == [], [(h["id"], h["text"], h.get("source")) for h in hits]


USER_FLAG = "starts with the word `--user`"        # how remember.md tells the model


@through_tool_search
def remember_with_scope(request: Request):
    """A model following remember.md: a leading ``--user`` (when the command file says what
    it means) is the user scope, and the text after it is saved as typed."""
    if request.tool_results():
        payload = tool_payload(request)
        found = memories_in(payload)
        return [text(f"Remembered for every project as {found[0]['id']}." if found
                     else f"{payload.get('error')}: {payload.get('message')}")]
    prompt = request.last_user_text()
    saved = between("remember-text", prompt)
    if saved is None:
        return None
    if USER_FLAG in " ".join(prompt.split()) and saved.split(None, 1)[0] == "--user":
        return call(request, "memory_save", {"text": saved.split(None, 1)[1], "scope": "user"})
    return call(request, "memory_save", {"text": saved})


def test_remember_dash_dash_user_saves_a_preference_every_project_recalls(
        claude_dir, project, other_project):
    """Trial4 F8: /remember could only ever save to the project."""
    claude_dir.stub.responder = remember_with_scope
    preference = "I prefer terse answers in every project"
    remembered = claude_dir.run(f"/remember --user {preference}", project,
                                allow_memory_tools=False)
    assert remembered.permission_denials == []
    seen = claude_dir.memories(other_project)
    found = [m for m in seen if m["text"] == preference]
    assert len(found) == 1, [(m["namespace"], m["text"]) for m in seen]
    saved = found[0]
    assert saved["namespace"].startswith("user:"), saved
    assert saved["id"] in remembered.result["result"]
    assert [h["id"] for h in claude_dir.search("terse answers", other_project)] == [saved["id"]]


def test_memory_ui_starts_the_viewer_and_replies_with_its_address(claude_dir, project):
    import os
    import urllib.request

    def reply_with_address(request: Request):
        found = re.search(r"http://127\.0\.0\.1:\d+/\?key=\S+", request.last_user_text())
        return [text(f"The memory viewer is at {found.group(0)}" if found else "No address.")]
    claude_dir.stub.responder = reply_with_address
    run = claude_dir.run("/memory-ui", project, allow_memory_tools=False)
    expansion = run.main_requests[0].last_user_text()
    pid = re.search(r"pid (\d+)", expansion)
    try:
        assert run.permission_denials == []
        address = re.search(r"http://127\.0\.0\.1:\d+/\?key=\S+", expansion)
        assert address, expansion                    # the command's shell line ran unprompted
        assert address.group(0) in run.result["result"]
        # the secret becomes a cookie on the redirect: a browser-like opener keeps it
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        with opener.open(address.group(0), timeout=10) as page:
            assert b"Aegis memory" in page.read()
    finally:
        if pid:
            os.kill(int(pid.group(1)), 15)           # the viewer this test started
