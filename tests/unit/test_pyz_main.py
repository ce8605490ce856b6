"""The zipapp's start-up finds its byte-code cache before any ``aegis`` module is
loaded, and turns hooks off before importing anything, so it restates where the
data dir is and which switches turn hooks off: they must agree with aegis."""

from __future__ import annotations

import importlib.util

import pytest

from aegis.paths import default_data_dir
from tests.conftest import ROOT


def load(name: str, path: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "build" / "pyz" / path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)          # defines, runs nothing
    return module


def load_pyz_main():
    return load("aegis_pyz_start", "_aegis_pyz/start.py")


@pytest.mark.parametrize("platform", ["linux", "darwin", "win32"])
@pytest.mark.parametrize("env", [
    {"HOME": "/home/ada"},
    {"HOME": "/home/ada", "XDG_DATA_HOME": "/xdg"},
    {"HOME": "/home/ada", "AEGIS_DATA_DIR": "~/memory"},
    {"HOME": "/home/ada", "AEGIS_DATA_DIR": "memory"},   # relative: ignored by both
    {"USERPROFILE": "C:\\Users\\ada", "LOCALAPPDATA": "C:\\Users\\ada\\AppData\\Local"},
    {"USERPROFILE": "C:\\Users\\ada"},
])
def test_the_entry_point_and_aegis_agree_on_the_data_dir(env, platform):
    assert load_pyz_main().data_dir(env, platform) == default_data_dir(env, platform)


def test_the_entry_point_turns_off_the_same_hooks_with_the_same_words():
    from aegis.config import _FALSE, KNOBS_BY_NAME
    from aegis.hooks import SWITCHES
    main = load_pyz_main()
    assert main.HOOK_SWITCHES == {event: KNOBS_BY_NAME[knob].env
                                  for event, knob in SWITCHES.items()}
    assert set(main.FALSE_WORDS) == _FALSE
