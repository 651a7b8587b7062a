"""The real pre-commit, in a throwaway git repository of forms, with this checkout as the hook
repository: a workbook form and a text form with vague targets are blocked (findings printed,
the workbook's read by the readers the hook installs), while requirements.txt, LICENSE.txt and
a README pass untouched."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from conftest import seed_path
from formats import seed_lines, write_xlsx

CHECKOUT = Path(__file__).resolve().parent.parent
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")

pytestmark = [
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
    pytest.mark.skipif(not PRE_COMMIT.exists(), reason="pre-commit is not installed (test extra)"),
]


def git(cwd: Path, *args: str, check: bool = True, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=check, env=env, timeout=900
    )


def test_the_hook_installs_the_readers_of_the_all_extra():
    hooks = {h["id"]: h for h in yaml.safe_load((CHECKOUT / ".pre-commit-hooks.yaml").read_text())}
    project = tomllib.loads((CHECKOUT / "pyproject.toml").read_text(encoding="utf-8"))
    extras = project["project"]["optional-dependencies"]
    assert hooks["formlint"]["additional_dependencies"] == extras["all"]


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


def test_commits_of_forms_are_checked_and_other_text_files_are_not(hook_repo, tmp_path):
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
        f"repos:\n- repo: {clone}\n  rev: {rev}\n  hooks:\n  - id: formlint\n  - id: formlint-text\n",
        encoding="utf-8",
    )
    git(repo, "add", ".pre-commit-config.yaml", env=env)
    git(repo, "commit", "--quiet", "--no-verify", "-m", "config", env=env)
    subprocess.run([str(PRE_COMMIT), "install"], cwd=repo, env=env, check=True, capture_output=True)

    def commit(*files: str) -> tuple[int, str]:
        git(repo, "add", *files, env=env)
        done = git(repo, "commit", "-m", " ".join(files), check=False, env=env)
        if done.returncode:
            git(repo, "reset", "--quiet", "HEAD", *files, env=env)
        return done.returncode, done.stdout + done.stderr

    (repo / "requirements.txt").write_text("openpyxl>=3.1\n", encoding="utf-8")
    (repo / "LICENSE.txt").write_text("MIT License\n", encoding="utf-8")
    (repo / "README.md").write_text("# 绩效表\n", encoding="utf-8")
    code, output = commit("requirements.txt", "LICENSE.txt", "README.md")
    assert code == 0, output
    assert output.count("(no files to check)Skipped") == 2  # neither hook took a file

    # seed 000 form 2 has 工作计划 and 行业标准 as targets: VAG001, at 项目2!E16 in the workbook
    write_xlsx(seed_lines(seed_path("000")), repo / "minhang-2021.xlsx")
    code, output = commit("minhang-2021.xlsx")
    assert code != 0 and "Failed" in output, output
    assert "VAG001" in output and "项目2!E16" in output
    assert "PARSE001" not in output  # the hook has the workbook reader

    shutil.copy(seed_path("000"), repo / "minhang-2021.txt")
    code, output = commit("minhang-2021.txt")
    assert code != 0 and "VAG001" in output and "工作计划" in output, output
    assert git(repo, "rev-list", "--count", "HEAD", env=env).stdout.strip() == "2"
