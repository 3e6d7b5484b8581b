"""The CI integrations run as documented, on corpus pairs:

- examples/github-workflow.yml, with the composite action of action.yml, is
  executed step by step here (a small runner for the few workflow features
  they use): it fails on a material change and passes on an editorial one;
- the pre-commit hook (.pre-commit-hooks.yaml -> scripts/pre-commit-policydiff.sh)
  compares a staged policy with `git show HEAD:path` in a scratch repository.

`actions/checkout` is replaced by a scratch repository whose base branch holds
the pair's old version and whose head holds the new one; `policydiff` is the
freshly built debug binary on PATH, so the action's install step finds it."""

from __future__ import annotations

import os
import pathlib
import re
import shutil
import subprocess

import pytest

yaml = pytest.importorskip("yaml")

ROOT = pathlib.Path(__file__).resolve().parents[1]
CLI = pathlib.Path(os.environ.get("POLICYDIFF_BIN", str(ROOT / "target" / "debug" / "policydiff")))
PAIRS = ROOT / "corpus" / "pairs"
EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def git(repo: pathlib.Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True).stdout


def substitute(text: str, ctx: dict[str, str]) -> str:
    def one(m: re.Match[str]) -> str:
        key = m.group(1)
        assert key in ctx, f"the test runner does not know the expression ${{{{ {key} }}}}"
        return ctx[key]

    return EXPR.sub(one, str(text))


class Runner:
    """Runs a job's steps the way GitHub's runner does for what they use."""

    def __init__(self, repo: pathlib.Path, tmp: pathlib.Path, base_ref: str) -> None:
        self.repo = repo
        self.temp = tmp / "runner-temp"
        self.temp.mkdir()
        self.github_path = tmp / "github_path"
        self.github_path.write_text("")
        self.ctx = {"github.base_ref": base_ref, "runner.temp": str(self.temp), "github.action_path": str(ROOT)}
        self.env = {
            "PATH": f"{CLI.parent}{os.pathsep}{os.environ['PATH']}",
            "HOME": os.environ.get("HOME", str(tmp)),
            "RUNNER_TEMP": str(self.temp),
            "GITHUB_PATH": str(self.github_path),
            "GITHUB_WORKSPACE": str(repo),
            "GITHUB_ACTION_PATH": str(ROOT),
            "CI": "true",
        }
        self.log: list[tuple[str, int, str, str]] = []

    def shell(self, name: str, script: str, env: dict[str, str], ctx: dict[str, str], explicit_bash: bool) -> int:
        output = self.temp / "github_output"
        output.write_text("")
        extra = [p for p in self.github_path.read_text().splitlines() if p]
        full_env = {**self.env, **env, "GITHUB_OUTPUT": str(output)}
        full_env["PATH"] = os.pathsep.join([*reversed(extra), full_env["PATH"]])
        # `shell: bash` runs `bash --noprofile --norc -eo pipefail`; the default `bash -e`.
        cmd = ["bash", "--noprofile", "--norc", "-eo", "pipefail"] if explicit_bash else ["bash", "-e"]
        proc = subprocess.run(
            [*cmd, "-c", substitute(script, ctx)], cwd=self.repo, env=full_env, capture_output=True, text=True, check=False
        )
        self.log.append((name, proc.returncode, proc.stdout, proc.stderr))
        for line in output.read_text().splitlines():
            key, _, value = line.partition("=")
            self.outputs[key] = value
        return proc.returncode

    def run_action(self, name: str, inputs: dict[str, str], ctx: dict[str, str]) -> int:
        action = yaml.safe_load((ROOT / "action.yml").read_text())
        assert action["runs"]["using"] == "composite"
        values = {k: str(v.get("default", "")) for k, v in action["inputs"].items()}
        unknown = set(inputs) - set(values)
        assert not unknown, f"inputs the action does not declare: {unknown}"
        values.update(inputs)
        missing = [k for k, v in action["inputs"].items() if v.get("required") and not values.get(k)]
        assert not missing, f"required inputs missing: {missing}"
        actx = {**ctx, **{f"inputs.{k}": v for k, v in values.items()}}
        for step in action["runs"]["steps"]:
            assert step.get("shell") == "bash", "composite run steps must name their shell"
            env = {k: substitute(v, actx) for k, v in step.get("env", {}).items()}
            self.outputs = {}
            rc = self.shell(f"{name} / {step['name']}", step["run"], env, actx, explicit_bash=True)
            if "id" in step:
                for k, v in self.outputs.items():
                    actx[f"steps.{step['id']}.outputs.{k}"] = v
            if rc != 0:
                return rc
        return 0

    def run_job(self, job: dict) -> bool:  # type: ignore[type-arg]
        ctx = dict(self.ctx)
        job_env = {k: substitute(v, ctx) for k, v in job.get("env", {}).items()}
        ctx.update({f"env.{k}": v for k, v in job_env.items()})
        self.env.update(job_env)
        failed = False
        for step in job["steps"]:
            cond = step.get("if", "success()")
            if failed and cond != "always()":
                continue
            name = step.get("name") or step.get("uses") or "run"
            uses = step.get("uses", "")
            if uses.startswith("actions/checkout@"):
                continue  # the scratch repository is the checkout
            if uses.startswith("actions/upload-artifact@"):
                path = self.repo / substitute(step["with"]["path"], ctx)
                self.log.append((name, 0 if path.is_file() else 1, f"artifact {path}", ""))
                continue
            if uses.startswith("policydiff/policydiff@"):
                inputs = {k: substitute(v, ctx) for k, v in step.get("with", {}).items()}
                rc = self.run_action(name, inputs, ctx)
            else:
                assert not uses, f"the test runner does not know the action {uses}"
                env = {k: substitute(v, ctx) for k, v in step.get("env", {}).items()}
                self.outputs = {}
                rc = self.shell(name, step["run"], env, ctx, explicit_bash=step.get("shell") == "bash")
            failed = failed or rc != 0
        return not failed


def pull_request(tmp: pathlib.Path, pair: str, policy: str) -> pathlib.Path:
    """A repository whose main branch has the pair's old version at `policy`,
    checked out at a pull-request commit with the new version."""
    repo = tmp / "repo"
    (repo / policy).parent.mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    shutil.copy(PAIRS / pair / "old.md", repo / policy)
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "policy")
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    git(repo, "checkout", "-q", "-b", "edit")
    shutil.copy(PAIRS / pair / "new.md", repo / policy)
    git(repo, "commit", "-q", "-am", "edit policy")
    return repo


def workflow_job() -> dict:  # type: ignore[type-arg]
    wf = yaml.safe_load((ROOT / "examples" / "github-workflow.yml").read_text())
    (job,) = wf["jobs"].values()
    # PyYAML reads the key `on` as True.
    trigger = wf.get("on", wf.get(True))
    assert "pull_request" in trigger
    return job


def test_cli_binary_exists() -> None:
    assert CLI.is_file(), f"build the CLI first (cargo build -p policydiff-cli): {CLI}"


@pytest.mark.parametrize(
    ("pair", "passes", "verdict"),
    [("sale-advertising", False, "consent"), ("new-data-category", False, "consent"), ("editorial", True, "none")],
)
def test_example_workflow(tmp_path: pathlib.Path, pair: str, passes: bool, verdict: str) -> None:
    job = workflow_job()
    policy = job["env"]["POLICY"]
    repo = pull_request(tmp_path, pair, policy)
    runner = Runner(repo, tmp_path, base_ref="main")
    ok = runner.run_job(job)
    log = "\n".join(f"--- {n} (exit {rc})\n{out}{err}" for n, rc, out, err in runner.log)
    assert ok is passes, log
    check = next(entry for entry in runner.log if entry[0].endswith("/ Check the policy"))
    assert check[1] == (0 if passes else 1), log
    assert runner.outputs.get("action") == verdict, log
    annotations = [line for line in check[2].splitlines() if line.startswith("::")]
    if passes:
        assert not any(a.startswith("::error") for a in annotations), log
    else:
        assert annotations[0].startswith(f"::error file={policy},line="), log
        assert "policydiff check: FAIL: re-consent required" in check[3]
    # The HTML report was written and kept (the upload step runs even after a failure).
    assert (repo / "policydiff-report.html").read_text().startswith("<!DOCTYPE html>")
    assert any(n == "Keep the HTML report" and rc == 0 for n, rc, _, _ in runner.log), log


def test_workflow_fails_on_notice_when_asked(tmp_path: pathlib.Path) -> None:
    job = workflow_job()
    for step in job["steps"]:
        if step.get("uses", "").startswith("policydiff/policydiff@"):
            step["with"]["fail-on"] = "notice"
    repo = pull_request(tmp_path, "new-security-measures", job["env"]["POLICY"])
    runner = Runner(repo, tmp_path, base_ref="main")
    assert not runner.run_job(job)
    assert runner.outputs.get("action") == "notice"


HOOK = ROOT / "scripts" / "pre-commit-policydiff.sh"


def test_hook_definition() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "policydiff-check"
    assert hook["language"] == "script"
    entry = ROOT / hook["entry"]
    assert entry == HOOK and os.access(entry, os.X_OK)
    assert re.search(hook["files"], "legal/Privacy-Policy.md")
    assert not re.search(hook["files"], "src/main.rs")


def run_hook(repo: pathlib.Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "POLICYDIFF": str(CLI)}
    return subprocess.run([str(HOOK), *args], cwd=repo, env=env, capture_output=True, text=True, check=False)


@pytest.mark.parametrize(("pair", "code"), [("sale-advertising", 1), ("editorial", 0), ("whitespace-date-reorder", 0)])
def test_pre_commit_hook_compares_staged_with_head(tmp_path: pathlib.Path, pair: str, code: int) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    shutil.copy(PAIRS / pair / "old.md", repo / "privacy.md")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "policy")
    shutil.copy(PAIRS / pair / "new.md", repo / "privacy.md")
    git(repo, "add", "privacy.md")
    # An unstaged edit after staging is not what gets committed: the hook ignores it.
    (repo / "privacy.md").write_text("We sell everything to everyone.\n")
    proc = run_hook(repo, "privacy.md")
    assert proc.returncode == code, proc.stdout + proc.stderr
    assert "privacy.md (HEAD → staged)" in proc.stderr


def test_pre_commit_hook_options_and_new_files(tmp_path: pathlib.Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    shutil.copy(PAIRS / "new-security-measures" / "old.md", repo / "privacy.md")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "policy")
    shutil.copy(PAIRS / "new-security-measures" / "new.md", repo / "privacy.md")
    shutil.copy(PAIRS / "editorial" / "new.md", repo / "privacy-new.md")
    git(repo, "add", ".")
    assert run_hook(repo, "privacy.md").returncode == 0  # notice < consent
    assert run_hook(repo, "--fail-on", "notice", "privacy.md").returncode == 1
    proc = run_hook(repo, "privacy-new.md")
    assert proc.returncode == 0 and "a new file" in proc.stderr
    assert run_hook(repo, "--bogus", "privacy.md").returncode == 2
