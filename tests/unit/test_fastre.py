"""aegis.fastre: the recall path's regex programs kept in a private file, so a hook
need not import ``re``. Each case runs fresh interpreters (the cache is read once
per process) against a real data dir; a damaged, foreign or oversized file must
never change what a pattern matches, only cost a compile."""

from __future__ import annotations

import ast
import json
import marshal
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

RUNTIME = Path(__file__).resolve().parents[2] / "runtime"
TAG = sys.implementation.cache_tag

# compiles the patterns in argv[1] (a literal [[pattern, flags], ...]) and reports what
# each matches in argv[2], and whether ``re`` had to be imported (no json: it imports re)
PROBE = """
import sys
sys.path.insert(0, sys.argv[3])
from aegis import fastre
results = []
for pattern, flags in eval(sys.argv[1]):
    compiled = fastre.compile(pattern, flags)
    results.append([compiled.pattern, compiled.flags, compiled.groups,
                    dict(compiled.groupindex), compiled.findall(sys.argv[2])])
print(repr({"results": results, "re": "re" in sys.modules}))
"""

PATTERNS = [[r"(?P<word>[^\W_]+)", 0], [r"\bdeploy(?:s|ed)?\b", 2], [r"`{3,}|~{3,}", 0]]
TEXT = "We Deploy releases; deployed ``` twice, DEPLOYS_x"


def probe(data_dir: Path, patterns=PATTERNS, text: str = TEXT) -> dict:
    done = subprocess.run([sys.executable, "-S", "-E", "-c", PROBE, repr(patterns), text,
                           str(RUNTIME)], capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, AEGIS_DATA_DIR=str(data_dir)))
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return ast.literal_eval(done.stdout)


def expected(patterns=PATTERNS, text: str = TEXT) -> list:
    import re
    out = []
    for pattern, flags in patterns:
        compiled = re.compile(pattern, flags)
        out.append([compiled.pattern, int(compiled.flags), compiled.groups,
                    dict(compiled.groupindex), compiled.findall(text)])
    assert out[0][4], "the sample text must match"
    return out


@pytest.fixture
def runtime_dir(data_dir) -> Path:
    path = data_dir / "runtime"           # the pyz's start-up creates it 0700
    path.mkdir(parents=True, mode=0o700)
    os.chmod(path, 0o700)
    return path


def cache_file(runtime_dir: Path) -> Path:
    return runtime_dir / f"regex.{TAG}"


def test_second_process_uses_the_private_cache_without_importing_re(runtime_dir, data_dir):
    first = probe(data_dir)
    assert first["results"] == expected() and first["re"] is True
    path = cache_file(runtime_dir)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    second = probe(data_dir)
    assert second == {"results": expected(), "re": False}


def test_without_a_runtime_dir_nothing_is_written_and_patterns_work(data_dir):
    data_dir.mkdir(parents=True, exist_ok=True)
    assert probe(data_dir)["results"] == expected()
    assert not (data_dir / "runtime").exists()


@pytest.mark.parametrize("damage", [b"", b"garbage\x00\xff" * 10, "truncated", "directory",
                                    "bad program"])
def test_a_damaged_cache_file_falls_back_to_compiling(damage, runtime_dir, data_dir):
    path = cache_file(runtime_dir)
    probe(data_dir)
    good = path.read_bytes()
    if damage == "truncated":
        path.write_bytes(good[: len(good) // 2])
    elif damage == "directory":              # unreadable as a file
        path.unlink()
        path.mkdir()
    elif damage == "bad program":            # a program _sre's validator rejects
        header, entries = marshal.loads(good)
        entries = {key: (args[0], [9999] * len(args[1]), *args[2:])
                   for key, args in entries.items()}
        path.write_bytes(marshal.dumps((header, entries)))
    else:
        path.write_bytes(damage)
    assert probe(data_dir)["results"] == expected()
    if damage != "directory":                # repaired by the run that compiled
        assert probe(data_dir) == {"results": expected(), "re": False}


def poisoned(runtime_dir: Path, data_dir: Path, header=None) -> Path:
    """A cache whose entry for PATTERNS[1] holds the program of another pattern."""
    other = [[r"\d+", 2]]
    probe(data_dir, other)
    path = cache_file(runtime_dir)
    real_header, entries = marshal.loads(path.read_bytes())
    (_, program), = entries.items()
    key = (PATTERNS[1][0], PATTERNS[1][1])
    path.write_bytes(marshal.dumps((header or real_header, {key: program})))
    return path


def test_the_poisoning_helper_really_redirects_a_pattern(runtime_dir, data_dir):
    poisoned(runtime_dir, data_dir)         # so the two tests below can fail
    result = probe(data_dir, [PATTERNS[1]], "deploy 42")
    assert result["results"][0][4] == ["42"]


def test_entries_written_by_another_interpreter_are_not_used(runtime_dir, data_dir):
    poisoned(runtime_dir, data_dir, header=("aegis-regex-1", "2.7.18 other", 0, 0))
    result = probe(data_dir, [PATTERNS[1]], "deploy 42")
    assert result["results"] == expected([PATTERNS[1]], "deploy 42")


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_a_cache_file_others_may_write_is_not_read(runtime_dir, data_dir):
    path = poisoned(runtime_dir, data_dir)
    os.chmod(path, 0o666)
    result = probe(data_dir, [PATTERNS[1]], "deploy 42")
    assert result["results"] == expected([PATTERNS[1]], "deploy 42")


def test_a_changed_rule_is_compiled_afresh_not_read_as_the_old_one(runtime_dir, data_dir):
    probe(data_dir, [[r"\bcolou?r\b", 2]])
    changed = [[r"\bcolou?rs?\b", 2]]               # the rule edited in a new release
    assert probe(data_dir, changed, "Colours and colors")["results"] == expected(
        changed, "Colours and colors")


def test_the_file_stays_bounded(runtime_dir, data_dir):
    from aegis import fastre
    many = [[rf"\bword{i}\b|x{{{i}}}", 0] for i in range(fastre.MAX_ENTRIES + 40)]
    assert probe(data_dir, many, "word3 word300")["results"] == expected(many, "word3 word300")
    path = cache_file(runtime_dir)
    _, entries = marshal.loads(path.read_bytes())
    assert 0 < len(entries) <= fastre.MAX_ENTRIES
    assert path.stat().st_size <= fastre.MAX_BYTES


def test_an_oversized_cache_file_is_not_read(runtime_dir, data_dir):
    from aegis import fastre
    path = poisoned(runtime_dir, data_dir)
    header, entries = marshal.loads(path.read_bytes())
    padding = {("pad%d" % i, 0): (0, [0] * 1000, 0, {}, (None,)) for i in range(200)}
    data = marshal.dumps((header, {**entries, **padding}))
    assert len(data) > fastre.MAX_BYTES
    path.write_bytes(data)
    result = probe(data_dir, [PATTERNS[1]], "deploy 42")
    assert result["results"] == expected([PATTERNS[1]], "deploy 42")


def test_the_pyz_recall_hook_keeps_its_patterns_private_and_survives_damage(
        pyz, data_dir, project, service):
    service.save("We deploy releases with `make release` from the main branch.",
                 tags=["deploy"], importance=0.8)
    env = dict(os.environ, AEGIS_NAMESPACE="test:project", AEGIS_HOOK_RELAY="false")

    def hook() -> str:          # a new session each time: a session is not told twice
        hook.runs += 1
        payload = json.dumps({"session_id": f"fastre-{hook.runs}", "cwd": str(project),
                              "prompt": "how do we deploy a release?"})
        done = subprocess.run([sys.executable, str(pyz), "hook", "user-prompt-submit"],
                              input=payload, capture_output=True, text=True, timeout=60,
                              env=env, cwd=project)
        assert done.returncode == 0 and done.stderr == ""
        return done.stdout

    hook.runs = 0
    first = hook()
    assert "make release" in first
    path = data_dir / "runtime" / f"regex.{TAG}"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert hook() == first
    path.write_bytes(b"\x00damaged" * 50)
    assert hook() == first
