"""End-to-end harness: the real Claude Code CLI, the Aegis plugin, a stub Messages API.

Every test gets its own stub API server on 127.0.0.1, its own HOME and
CLAUDE_CONFIG_DIR, and its own AEGIS_DATA_DIR (the root conftest isolates HOME
and the data dir; this one adds the Claude side). The plugin under test is a
temporary copy of this checkout with the freshly built zipapp in ``runtime/``,
so the suite never depends on the committed ``runtime/aegis.pyz`` being fresh.

The CLI is found through ``CLAUDE_BIN`` (``make test`` / ``make e2e`` install the
pinned version and set it) or the Makefile's cache dir; without it every e2e
test is skipped with that reason. Nothing here sleeps a fixed time: waits poll
with a deadline.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from harness import CLAUDE_VERSION, Claude, claude_bin, copy_plugin  # noqa: E402
from stub_api import StubAPI  # noqa: E402
from tests.conftest import built_pyz  # noqa: E402


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    mine = [item for item in items if here in Path(str(item.fspath)).parents]
    for item in mine:
        item.add_marker(pytest.mark.e2e)
    if mine and claude_bin() is None:
        reason = ("Claude Code CLI not found: set CLAUDE_BIN or run `make e2e`, which installs "
                  f"@anthropic-ai/claude-code@{CLAUDE_VERSION} into .cache/claude")
        for item in mine:
            item.add_marker(pytest.mark.skip(reason=reason))


# ------------------------------------------------------------------ the plugin under test

@pytest.fixture(scope="session")
def plugin_tree(tmp_path_factory) -> Path:
    """A copy of this checkout as a plugin + marketplace, with the built zipapp in it."""
    pyz = built_pyz()
    if not pyz.is_file():
        pytest.fail(f"{pyz} is missing: run `make pyz` (make test / make e2e build it)")
    return copy_plugin(pyz, tmp_path_factory.mktemp("plugin") / "aegis")


@pytest.fixture
def stub():
    with StubAPI() as server:
        yield server


def _claude(install: str, request, stub, plugin_tree, isolated_env, data_dir) -> Claude:
    binary = claude_bin()
    assert binary is not None                        # collection skips otherwise
    claude = Claude(binary, isolated_env, data_dir, stub, plugin_tree, install)
    yield claude
    # leave no worker of this test running into the next one
    try:
        deadline = time.monotonic() + 30
        while claude.aegis_processes() and time.monotonic() < deadline:
            time.sleep(0.1)
    except OSError:
        pass


@pytest.fixture
def claude(request, stub, plugin_tree, isolated_env, data_dir):
    """The CLI with Aegis installed the way users do: marketplace add + plugin install."""
    yield from _claude("marketplace", request, stub, plugin_tree, isolated_env, data_dir)


@pytest.fixture
def claude_dir(request, stub, plugin_tree, isolated_env, data_dir):
    """The CLI with Aegis loaded from the checkout with ``--plugin-dir``."""
    yield from _claude("plugin-dir", request, stub, plugin_tree, isolated_env, data_dir)


@pytest.fixture(params=["marketplace", "plugin-dir"])
def claude_any(request, stub, plugin_tree, isolated_env, data_dir):
    """Both install paths, one test run each."""
    yield from _claude(request.param, request, stub, plugin_tree, isolated_env, data_dir)


@pytest.fixture
def project(tmp_path) -> Path:
    path = tmp_path / "shop-api"
    path.mkdir()
    return path


@pytest.fixture
def other_project(tmp_path) -> Path:
    path = tmp_path / "blog-engine"
    path.mkdir()
    return path
