"""`aegis ui` as a user meets it: the built pyz serves, headless Chromium drives it.

The browser loads the viewer, searches as it types, edits a memory, restores a
version, forgets one after confirming, undoes a capture, and screenshots every
page into build/out/screenshots (a CI artifact). Each change is checked through
the CLI, i.e. in the store itself. A second group speaks raw HTTP: without the
secret, from another Origin or Host, or without the CSRF token nothing changes.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT

SCREENSHOTS = ROOT / "build" / "out" / "screenshots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


def line(role: str, text: str) -> str:
    content = text if role == "user" else [{"type": "text", "text": text}]
    return json.dumps({"type": role, "sessionId": "cap-1",
                       "message": {"role": role, "content": content}}) + "\n"


class Viewer:
    def __init__(self, process: subprocess.Popen, url: str):
        self.process, self.url = process, url
        match = re.match(r"http://127\.0\.0\.1:(\d+)/\?key=(\S+)$", url)
        assert match, url
        self.port, self.key = int(match.group(1)), match.group(2)
        self.base = f"http://127.0.0.1:{self.port}"


@pytest.fixture
def memories(run_pyz):
    """Two project memories and one user preference, saved through the CLI."""
    def remember(*args: str) -> str:
        result = run_pyz("remember", "--json", *args)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)["id"]
    return {"postgres": remember("--tags", "db,decision",
                                 "We chose Postgres over MySQL for its JSONB support."),
            "deploy": remember("--tags", "ops", "Deploys go out on Tuesdays via `make ship`."),
            "tabs": remember("--scope", "user", "I prefer <b>tabs</b> over spaces."),
            }


@pytest.fixture
def viewer(pyz, project, memories):
    process = subprocess.Popen([sys.executable, str(pyz), "ui"], cwd=project,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        first = process.stdout.readline().decode()
        match = re.search(r"(http://127\.0\.0\.1:\d+/\?key=\S+)", first)
        assert match, (first, process.stderr.read1(4096) if process.poll() is not None else "")
        yield Viewer(process, match.group(1))
    finally:
        process.terminate()
        process.wait(timeout=10)


def cli_json(run_pyz, *args: str) -> dict:
    result = run_pyz(*args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# ---------------------------------------------------------------- in the browser

@pytest.fixture
def browser():
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip("needs Debian's chromium and chromium-driver (`apt-get install chromium "
                    "chromium-driver`; .ci/run installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 "--window-size=1200,860", "--no-first-run", "--disable-extensions"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(0)
    yield driver
    driver.quit()


def wait_for(driver, condition, what: str, timeout: float = 15):
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait
    # The page re-renders as data arrives: an element found a moment ago may be replaced.
    return WebDriverWait(driver, timeout, ignored_exceptions=(StaleElementReferenceException,)
                         ).until(lambda d: condition(d), message=what)


def rows(driver) -> list[str]:
    from selenium.webdriver.common.by import By
    return [row.get_attribute("data-id") for row in driver.find_elements(By.CSS_SELECTOR,
                                                                          ".memory-row")]


def shot(driver, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    assert driver.save_screenshot(str(path)), path
    return path


def test_the_browser_loads_searches_edits_restores_and_forgets(viewer, browser, memories,
                                                               run_pyz):
    from selenium.webdriver.common.by import By
    driver = browser
    driver.get(viewer.url)
    # The secret went from the URL into a cookie: the address bar no longer shows it.
    wait_for(driver, lambda d: len(rows(d)) == 3, "three memories listed")
    assert "key=" not in driver.current_url
    assert sorted(rows(driver)) == sorted(memories.values())
    # Memory text is data: the preference's <b> shows as text, not as bold markup.
    assert "<b>tabs</b>" in driver.find_element(By.ID, "list").text
    assert not driver.find_elements(By.CSS_SELECTOR, "#list b")
    shot(driver, "01-memories")

    search = driver.find_element(By.ID, "search")
    search.send_keys("postgres")
    wait_for(driver, lambda d: rows(d) == [memories["postgres"]], "search narrowed the list")
    shot(driver, "02-search")
    search.clear()
    search.send_keys(" ")
    wait_for(driver, lambda d: len(rows(d)) == 3, "the cleared search lists all again")
    driver.find_element(By.CSS_SELECTOR, "#tier option[value=user]").click()
    wait_for(driver, lambda d: rows(d) == [memories["tabs"]], "the user tier alone")
    driver.find_element(By.CSS_SELECTOR, "#tier option[value='']").click()
    wait_for(driver, lambda d: len(rows(d)) == 3, "all tiers again")

    # Edit: the store holds the new text as version 2.
    driver.find_element(By.CSS_SELECTOR, f".memory-row[data-id={memories['postgres']}]").click()
    text = wait_for(driver, lambda d: d.find_elements(By.ID, "edit-text"), "the memory page")[0]
    text.clear()
    text.send_keys("We chose Postgres 16 over MySQL for JSONB and partial indexes.")
    driver.find_element(By.ID, "save").click()
    wait_for(driver, lambda d: "version 2" in d.find_element(By.ID, "flash").text, "saved")
    stored = cli_json(run_pyz, "get", memories["postgres"])
    assert stored["memory"]["text"].startswith("We chose Postgres 16")
    assert stored["memory"]["version"] == 2
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "button.restore"),
             "history lists the earlier version")
    shot(driver, "03-memory-edited")

    # Restore version 1: its text is current again, as a new version 3.
    driver.find_element(By.CSS_SELECTOR, "button.restore[data-version='1']").click()
    wait_for(driver, lambda d: "as version 3" in d.find_element(By.ID, "flash").text, "restored")
    stored = cli_json(run_pyz, "get", memories["postgres"])
    assert stored["memory"]["text"] == "We chose Postgres over MySQL for its JSONB support."
    assert stored["memory"]["version"] == 3

    # Forget asks first; only the confirmation deletes.
    wait_for(driver, lambda d: d.find_elements(By.ID, "forget"), "the memory page again")
    driver.find_element(By.ID, "forget").click()
    confirm = wait_for(driver, lambda d: [b for b in d.find_elements(By.ID, "confirm-forget")
                                          if b.is_displayed()], "the confirmation")[0]
    shot(driver, "04-forget-confirm")
    assert run_pyz("get", memories["postgres"]).returncode == 0      # not yet deleted
    confirm.click()
    wait_for(driver, lambda d: len(rows(d)) == 2, "back on the list without it")
    assert memories["postgres"] not in rows(driver)
    gone = run_pyz("get", memories["postgres"])
    assert gone.returncode == 1 and "no memory" in gone.stderr.decode()


def test_the_log_pages_show_recall_capture_spool_and_masked_settings(
        pyz, project, memories, browser, run_pyz, tmp_path, data_dir):
    # A real briefing (the recall log) and a real capture (the capture log) first.
    brief = run_pyz("hook", "session-start", input=json.dumps(
        {"session_id": "brief-1", "cwd": str(project), "source": "startup"}))
    assert brief.returncode == 0 and b"additionalContext" in brief.stdout
    transcript = tmp_path / "t.jsonl"
    transcript.write_text(line("user", "We always run `ruff check` before commits."))
    end = run_pyz("hook", "session-end", input=json.dumps(
        {"session_id": "cap-1", "transcript_path": str(transcript), "cwd": str(project),
         "hook_event_name": "SessionEnd"}))
    assert end.returncode == 0
    deadline = time.monotonic() + 60
    captured = []
    while time.monotonic() < deadline and not captured:
        listed = cli_json(run_pyz, "list")["memories"]
        captured = [m for m in listed if "ruff check" in m["text"]]
        time.sleep(0.1)
    assert captured, "the capture worker stored the decision"
    env = {"AEGIS_AUTH_TOKEN": "tok-very-secret-123", "AEGIS_RECALL_TOP_K": "7"}
    process = subprocess.Popen([sys.executable, str(pyz), "ui"], cwd=project,
                               env={**os.environ, **env}, stdout=subprocess.PIPE)
    try:
        url = re.search(r"http://\S+", process.stdout.readline().decode()).group(0)
        from selenium.webdriver.common.by import By
        driver = browser
        driver.get(url)
        wait_for(driver, lambda d: rows(d), "the list")
        driver.get(url.split("?")[0] + "#/recall")
        wait_for(driver, lambda d: "brief-1" in d.find_element(By.ID, "main").text,
                 "the briefing session in the recall log")
        assert "tokens" in driver.find_element(By.ID, "main").text
        shot(driver, "05-recall-log")

        driver.get(url.split("?")[0] + "#/capture")
        undo = wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "button.undo"),
                        "an undo button for the captured memory")[0]
        assert "ruff check" in driver.find_element(By.ID, "main").text
        shot(driver, "06-captured")
        undo.click()
        wait_for(driver, lambda d: "Undid" in d.find_element(By.ID, "flash").text, "undone")
        assert run_pyz("get", captured[0]["id"]).returncode == 1

        driver.get(url.split("?")[0] + "#/spool")
        wait_for(driver, lambda d: "spool is empty" in d.find_element(By.ID, "main").text,
                 "the spool page")
        shot(driver, "07-spool")

        driver.get(url.split("?")[0] + "#/settings")
        wait_for(driver, lambda d: "recall_top_k" in d.find_element(By.ID, "main").text,
                 "the settings page")
        page = driver.find_element(By.ID, "main").text
        assert "tok-very-secret-123" not in page and "(set)" in page
        assert re.search(r"recall_top_k\s+AEGIS_RECALL_TOP_K\s+7\s+env", page)
        shot(driver, "08-settings")
    finally:
        process.terminate()
        process.wait(timeout=10)


# ---------------------------------------------------------------- raw HTTP: who may change

def request(viewer: Viewer, method: str, path: str, headers: dict | None = None,
            body: bytes | None = None) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", viewer.port, timeout=10)
    try:
        connection.request(method, path, body=body,
                           headers={"Host": f"127.0.0.1:{viewer.port}", **(headers or {})})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def session(viewer: Viewer) -> tuple[str, str]:
    """(cookie, CSRF token) as the browser gets them from the printed URL."""
    status, headers, _ = request(viewer, "GET", f"/?key={viewer.key}")
    assert status == 303
    cookie = headers["Set-Cookie"].split(";")[0]
    status, _, page = request(viewer, "GET", "/", {"Cookie": cookie})
    token = re.search(rb'name="aegis-csrf" content="([0-9a-f]+)"', page).group(1).decode()
    return cookie, token


def test_requests_without_the_secret_or_from_elsewhere_change_nothing(viewer, memories,
                                                                      run_pyz):
    target = memories["deploy"]
    path = f"/api/memory/{target}/forget"
    cookie, token = session(viewer)
    good = {"Cookie": cookie, "Origin": viewer.base, "Content-Type": "application/json",
            "X-Aegis-CSRF": token}
    refused = {
        "no secret": {k: v for k, v in good.items() if k != "Cookie"},
        "a wrong secret": {**good, "Cookie": "aegis_ui=guessed"},
        "another Origin": {**good, "Origin": "http://evil.example"},
        "no Origin": {k: v for k, v in good.items() if k != "Origin"},
        "no CSRF token": {k: v for k, v in good.items() if k != "X-Aegis-CSRF"},
        "a wrong CSRF token": {**good, "X-Aegis-CSRF": "0" * 64},
        "a form post": {**good, "Content-Type": "application/x-www-form-urlencoded"},
        "a rebinding Host": {**good, "Host": "evil.example:%d" % viewer.port},
    }
    for why, headers in refused.items():
        status, _, body = request(viewer, "POST", path, headers, b"{}")
        assert status in (403, 421), (why, status, body)
    status, _, _ = request(viewer, "GET", "/api/memories")
    assert status == 403                                   # reads need the secret too
    status, _, _ = request(viewer, "GET", "/api/memories", {"Cookie": cookie,
                                                            "Host": "evil.example"})
    assert status == 421
    assert run_pyz("get", target).returncode == 0           # still there after all that
    # The same request with everything right does change the store: the checks above
    # refused for their reason, not because changes never work.
    status, _, body = request(viewer, "POST", path, good, b"{}")
    assert status == 200, body
    assert run_pyz("get", target).returncode == 1


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a listening TCP socket on ``port`` (Linux /proc/net/tcp*)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in lines:
            local, state = row.split()[1], row.split()[3]
            address, _, hex_port = local.partition(":")
            if int(hex_port, 16) == port and state == "0A":
                found.add(address)
    return found


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux /proc/net/tcp")
def test_the_viewer_listens_on_loopback_only_and_answers_with_a_strict_policy(viewer):
    assert listening_addresses(viewer.port) == {"0100007F"}        # 127.0.0.1, nothing else
    status, headers, _ = request(viewer, "GET", f"/?key={viewer.key}")
    assert status == 303 and "HttpOnly" in headers["Set-Cookie"]
    assert "SameSite=Strict" in headers["Set-Cookie"]
    assert "default-src 'self'" in headers["Content-Security-Policy"]


def test_ui_detach_prints_the_url_and_returns(run_pyz, memories):
    result = run_pyz("ui", "--detach", timeout=30)
    assert result.returncode == 0, result.stderr
    found = re.search(rb"(http://127\.0\.0\.1:\d+/\?key=\S+).*?pid (\d+)", result.stdout, re.S)
    assert found, result.stdout
    viewer, pid = Viewer(None, found.group(1).decode()), int(found.group(2))
    try:
        cookie, _ = session(viewer)
        status, _, body = request(viewer, "GET", "/api/memories", {"Cookie": cookie})
        assert status == 200 and len(json.loads(body)["memories"]) == 3
    finally:
        os.kill(pid, 15)                 # the viewer this test started, by its id
