"""Namespace derivation against real repositories made by the git CLI.

Clones of one repository share memory whatever the remote spelling, worktrees
share it with their main checkout, a moved clone keeps it, and projects that
differ never share."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from aegis.namespace import (Namespaces, normalize_remote, project_namespace,
                             resolve_namespaces, user_namespace)

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs the git CLI")


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True,
                          text=True).stdout.strip()


def make_repo(path: Path, remote: str | None = None, remote_name: str = "origin") -> Path:
    path.mkdir(parents=True)
    git(path, "init", "-q")
    (path / "README").write_text("hello\n")
    git(path, "add", "README")
    git(path, "commit", "-q", "-m", "init")
    if remote:
        git(path, "remote", "add", remote_name, remote)
    return path


# ---------------------------------------------------------------- remote spellings

@pytest.mark.parametrize("url", [
    "git@github.com:acme/api.git",
    "git@github.com:acme/api",
    "https://github.com/acme/api",
    "https://github.com/acme/api.git",
    "https://github.com/acme/api/",
    "https://user:pw@github.com/acme/api.git",
    "ssh://git@github.com/acme/api.git",
    "ssh://git@github.com:22/acme/api.git",
    "https://GitHub.com/acme/api",
    "git://github.com/acme/api.git",
])
def test_remote_spellings_of_one_repository_normalize_alike(url):
    assert normalize_remote(url) == "github.com/acme/api"


def test_different_repositories_stay_apart():
    assert normalize_remote("git@github.com:acme/api.git") != \
        normalize_remote("git@github.com:acme/web.git")
    assert normalize_remote("git@github.com:acme/api.git") != \
        normalize_remote("git@gitlab.com:acme/api.git")


def test_normalized_remote_drops_credentials():
    assert "pw" not in normalize_remote("https://bob:pw@example.com/acme/api.git")


# ---------------------------------------------------------------- real repositories

def test_ssh_and_https_clones_and_a_worktree_share_one_namespace(tmp_path):
    ssh = make_repo(tmp_path / "ssh-clone", "git@github.com:acme/api.git")
    https = make_repo(tmp_path / "https-clone", "https://github.com/acme/api")
    worktree = tmp_path / "feature-wt"
    git(ssh, "worktree", "add", "-q", "-b", "feature", str(worktree))
    (ssh / "src" / "deep").mkdir(parents=True)

    expected = "git:github.com/acme/api"
    assert project_namespace(ssh) == expected
    assert project_namespace(https) == expected
    assert project_namespace(worktree) == expected
    assert project_namespace(ssh / "src" / "deep") == expected


def test_without_a_remote_the_repository_root_is_shared_by_its_worktrees(tmp_path):
    repo = make_repo(tmp_path / "local-only")
    worktree = tmp_path / "local-wt"
    git(repo, "worktree", "add", "-q", "-b", "topic", str(worktree))
    (worktree / "pkg").mkdir()

    expected = "repo:" + repo.resolve().as_posix()
    assert project_namespace(repo) == expected
    assert project_namespace(worktree) == expected
    assert project_namespace(worktree / "pkg") == expected


def test_origin_wins_over_other_remotes(tmp_path):
    repo = make_repo(tmp_path / "r", "git@github.com:acme/fork.git", remote_name="upstream")
    git(repo, "remote", "add", "origin", "git@github.com:acme/api.git")
    assert project_namespace(repo) == "git:github.com/acme/api"


def test_any_remote_is_used_when_there_is_no_origin(tmp_path):
    repo = make_repo(tmp_path / "r", "https://gitlab.com/acme/tool.git", remote_name="gitlab")
    assert project_namespace(repo) == "git:gitlab.com/acme/tool"


def test_outside_git_the_directory_is_the_namespace(tmp_path):
    plain = tmp_path / "plain"
    plain.mkdir()
    assert project_namespace(plain) == "dir:" + plain.resolve().as_posix()
    other = tmp_path / "other"
    other.mkdir()
    assert project_namespace(other) != project_namespace(plain)


def test_aegis_namespace_overrides_derivation(tmp_path):
    repo = make_repo(tmp_path / "r", "git@github.com:acme/api.git")
    assert project_namespace(repo, override="team-shared") == "team-shared"
    assert resolve_namespaces(repo, "team-shared").project == "team-shared"


def test_namespace_override_comes_from_config(tmp_path):
    from aegis.config import load_config
    repo = make_repo(tmp_path / "r", "git@github.com:acme/api.git")
    settings = load_config(env={"HOME": str(tmp_path), "AEGIS_NAMESPACE": "pinned"}, cwd=repo)
    assert resolve_namespaces(repo, settings.namespace).project == "pinned"


def test_moving_a_clone_keeps_its_namespace(tmp_path):
    repo = make_repo(tmp_path / "before", "git@github.com:acme/api.git")
    before = project_namespace(repo)
    moved = tmp_path / "elsewhere" / "after"
    moved.parent.mkdir()
    shutil.move(str(repo), str(moved))
    assert project_namespace(moved) == before == "git:github.com/acme/api"


def test_git_agrees_about_the_worktree_layout_we_read(tmp_path):
    """Sanity check of the fixture: git itself sees one common dir for both checkouts."""
    repo = make_repo(tmp_path / "r")
    worktree = tmp_path / "wt"
    git(repo, "worktree", "add", "-q", "-b", "x", str(worktree))
    common_main = Path(repo, git(repo, "rev-parse", "--git-common-dir")).resolve()
    common_wt = Path(worktree, git(worktree, "rev-parse", "--git-common-dir")).resolve()
    assert common_main == common_wt


def test_a_broken_git_pointer_falls_back_without_crashing(tmp_path):
    weird = tmp_path / "weird"
    weird.mkdir()
    (weird / ".git").write_text("not a gitdir pointer")
    namespace = project_namespace(weird)
    assert namespace.startswith("dir:")


# ---------------------------------------------------------------- tiers

def test_user_tier_is_separate_from_the_project(tmp_path):
    namespaces = resolve_namespaces(tmp_path)
    assert namespaces.user == user_namespace() and namespaces.user.startswith("user:")
    assert namespaces.project != namespaces.user
    assert namespaces.readable == (namespaces.project, namespaces.user)
    assert namespaces.for_scope("user") == namespaces.user
    assert namespaces.for_scope("project") == namespaces.project


def test_namespaces_value_object():
    ns = Namespaces("p", "user:u")
    assert ns.for_scope("project") == "p"


def test_git_config_parsing_prefers_origin_and_ignores_other_sections(tmp_path):
    from aegis.namespace import remote_url
    (tmp_path / "config").write_text(
        '[core]\n\turl = https://not-a-remote.example/x\n'
        '[remote "upstream"]\n\turl = https://github.com/upstream/api.git\n'
        '[ remote  "origin" ]\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n'
        '\tURL = "git@github.com:acme/api.git"\n'
        '[branch "main"]\n\tremote = origin\n')
    assert remote_url(str(tmp_path)) == "git@github.com:acme/api.git"
    (tmp_path / "config").write_text('[remote "b"]\n url = x:b/b\n[remote "a"]\n url = x:a/a\n')
    assert remote_url(str(tmp_path)) == "x:a/a"              # no origin: the first by name
    (tmp_path / "config").write_text('[remote "origin"]\n\tpushurl = x:y/z\n')
    assert remote_url(str(tmp_path)) is None


@pytest.mark.parametrize("url, expected", [
    ("host:owner/repo", "host/owner/repo"),
    ("me@host.example:owner/repo.git", "host.example/owner/repo"),
    ("./relative/path", "file:relative/path"),
    ("/srv/git/repo.git", "file:/srv/git/repo.git"),
    ("file:///srv/git/repo.git", "file:/srv/git/repo.git"),
    ("file:///srv/git/repo.git/", "file:/srv/git/repo.git"),
    ("/srv/git/repo", "file:/srv/git/repo"),
    ("file:///srv/git/repo", "file:/srv/git/repo"),
])
def test_scp_like_and_local_remotes(url, expected):
    assert normalize_remote(url) == expected


def test_a_relative_remote_is_resolved_from_the_repository(tmp_path):
    one = make_repo(tmp_path / "a" / "api", "../api.git")
    two = make_repo(tmp_path / "b" / "api", "../api.git")
    assert project_namespace(one) == f"git:file:{(tmp_path / 'a' / 'api.git').as_posix()}"
    assert project_namespace(one) != project_namespace(two)
    (one / "sub").mkdir()
    assert project_namespace(one / "sub") == project_namespace(one)
