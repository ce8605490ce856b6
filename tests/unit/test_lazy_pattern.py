"""Patterns compiled on first use (aegis.lazy_pattern) behave as re.compile's do."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from aegis import lazy_pattern

RUNTIME = Path(__file__).resolve().parents[2] / "runtime"


def test_a_pattern_is_compiled_on_first_use_and_answers_as_re_does():
    source, text = r"\b(?:use|prefer)\s+(\w+)", "We USE ruff and prefer black."
    lazy, eager = lazy_pattern.compile(source, re.I), re.compile(source, re.I)
    assert lazy._compiled is None
    assert [m.group(1) for m in lazy.finditer(text)] == ["ruff", "black"]
    assert lazy._compiled is eager or lazy._compiled.pattern == source
    assert lazy.search(text).span() == eager.search(text).span()
    assert lazy.sub("-", text) == eager.sub("-", text)
    assert lazy.split(text) == eager.split(text)
    assert lazy.match(text) is None and lazy.pattern == source and lazy.flags == eager.flags


def test_the_briefing_path_leaves_the_capture_only_patterns_uncompiled():
    """In a fresh interpreter (this one's tests may have used them): what the briefing
    runs compiles only the patterns it uses."""
    code = """
import sys
sys.path.insert(0, sys.argv[1])
from aegis import lazy_pattern, supersede
from aegis.capture import named
from aegis.recall.briefing_lines import arrange, line_text
supersede.values("We deploy with `make ship` using ruff, because CI is flaky.")
supersede.subject("We deploy with `make ship`.")
line_text("Use tabs in the Makefile because make requires them.")
lazy = [name for module in (named, supersede) for name, value in vars(module).items()
        if isinstance(value, lazy_pattern.LazyPattern)]
print(sorted(lazy), [name for module in (named, supersede) for name in lazy
      if name in vars(module) and vars(module)[name]._compiled is not None])
"""
    done = subprocess.run([sys.executable, "-c", code, str(RUNTIME)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    lazy, compiled = done.stdout.strip().split("] [")
    assert lazy.count("'") == 2 * 9, lazy          # the nine capture-only patterns
    assert compiled == "]", compiled
