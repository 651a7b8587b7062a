"""The real pre-commit, in a throwaway git repository of forms, with this checkout as the hook
repository: a form with vague targets is blocked (findings printed), a non-form file passes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import seed_path

CHECKOUT = Path(__file__).resolve().parent.parent
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")

pytestmark = [
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
    pytest.mark.skipif(not PRE_COMMIT.exists(), reason="pre-commit is not installed (test extra)"),
]


def git(cwd: Path, *args: str, check: bool = True, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=check, env=env, timeout=600
    )


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> tuple[Path, str]:
    """A clone of this checkout: pre-commit needs a committed rev with .pre-commit-hooks.yaml."""
    if not (CHECKOUT / ".git").exists():
        pytest.skip("this checkout is not a git repository")
    clone = tmp_path_factory.mktemp("hook") / "formlint"
    git(CHECKOUT.parent, "clone", "--quiet", "--no-hardlinks", str(CHECKOUT), str(clone))
    if not (clone / ".pre-commit-hooks.yaml").exists():
        pytest.skip(".pre-commit-hooks.yaml is not committed yet")
    return clone, git(clone, "rev-parse", "HEAD").stdout.strip()


def test_commit_of_a_vague_form_is_blocked(hook_repo, tmp_path):
    clone, rev = hook_repo
    repo = tmp_path / "forms"
    repo.mkdir()
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "PATH": f"{PRE_COMMIT.parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    env.pop("CI", None)
    git(repo, "init", "--quiet", "-b", "main", env=env)
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {clone}\n  rev: {rev}\n  hooks:\n  - id: formlint\n", encoding="utf-8"
    )
    git(repo, "add", ".pre-commit-config.yaml", env=env)
    git(repo, "commit", "--quiet", "--no-verify", "-m", "config", env=env)
    subprocess.run([str(PRE_COMMIT), "install"], cwd=repo, env=env, check=True, capture_output=True)

    # 000 form 2 has 工作计划 and 行业标准 as targets: VAG001
    shutil.copy(seed_path("000"), repo / "minhang-2021.txt")
    git(repo, "add", "minhang-2021.txt", env=env)
    blocked = git(repo, "commit", "-m", "vague form", check=False, env=env)
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0, output
    assert "formlint" in output and "Failed" in output
    assert "VAG001" in output and "工作计划" in output
    assert git(repo, "rev-list", "--count", "HEAD", env=env).stdout.strip() == "1"

    git(repo, "reset", "--quiet", "HEAD", "minhang-2021.txt", env=env)
    (repo / "README.md").write_text("# 绩效表\n", encoding="utf-8")
    git(repo, "add", "README.md", env=env)
    passed = git(repo, "commit", "-m", "readme", check=False, env=env)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "formlint" in passed.stdout + passed.stderr  # skipped: no files to check
    assert git(repo, "rev-list", "--count", "HEAD", env=env).stdout.strip() == "2"
