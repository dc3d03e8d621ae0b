"""`mlgov-sim step` at a real pseudo-terminal: a learner's session typed key by key.

The session is driven with pexpect, so the command runs as a learner runs it:
its standard input is a terminal (prompts, line editing, colours), not a pipe.
One session solves the approval drill in the AWS CLI form after failing the
goal once, answers a question wrongly then rightly, and quits; a second one
resumes from the saved world.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pexpect
import pytest

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = "scenarios/approval-workflow.yaml"
PAUSE = "next step, or a command > "
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
APPROVE = (
    "sagemaker update-model-package --model-package-arn ${v2.ModelPackageArn} "
    "--model-approval-status Approved"
)


@dataclass
class Session:
    raw: str  # what the terminal showed, colours included
    text: str  # the same, without colours
    db: Path
    status: int | None


def spawn(db: Path) -> pexpect.spawn:
    env = {**os.environ, "TERM": "dumb", "COLUMNS": "120"}
    code = "from mlgov_sim.cli.main import cli; cli()"
    return pexpect.spawn(
        sys.executable,
        ["-c", code, "step", SCENARIO, "--db", str(db)],
        cwd=str(ROOT),
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 120),
    )


def finish(child: pexpect.spawn, db: Path, log: list[str]) -> Session:
    child.expect(pexpect.EOF)
    child.close()
    raw = "".join(log) + (child.before or "")
    return Session(raw, ANSI.sub("", raw).replace("\r\n", "\n"), db, child.exitstatus)


def enter(child: pexpect.spawn, times: int, log: list[str]) -> None:
    """Press Enter at `times` pauses in a row."""
    for _ in range(times):
        child.expect_exact(PAUSE)
        log.append(child.before + PAUSE)
        child.sendline("")


def expect(child: pexpect.spawn, text: str, log: list[str]) -> None:
    child.expect_exact(text)
    log.append(child.before + text)


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> Session:
    """Steps 1-13 typed at a terminal, then quit at the last question."""
    db = tmp_path_factory.mktemp("terminal") / "practice.db"
    child = spawn(db)
    log: list[str] = []
    enter(child, 4, log)
    expect(child, "answer] $ ", log)
    child.sendline("1")  # wrong: a new version is PendingManualApproval
    expect(child, "Not that one.", log)
    expect(child, "answer] $ ", log)
    child.sendline("2")
    expect(child, "Right.", log)
    enter(child, 4, log)
    expect(child, "[admin · step 10] $ ", log)
    child.sendline(APPROVE)  # no ApprovalDescription yet: the goal is not met
    expect(child, "goal not met yet", log)
    expect(child, "[admin · step 10] $ ", log)
    child.sendline(APPROVE + ' --approval-description "AUC 0.88 on the March hold-out set."')
    expect(child, "Drill done", log)
    enter(child, 3, log)
    expect(child, "answer] $ ", log)
    child.sendline("quit")
    return finish(child, db, log)


class TestTerminalSession:
    def test_runs_at_a_terminal_with_colours(self, first: Session) -> None:
        """At a terminal the output is styled, so the session did not fall back to piped mode."""
        assert "\x1b[" in first.raw

    def test_unmet_goal_names_the_missing_part_first(self, first: Session) -> None:
        """Approving without a note shows which goal part is unmet, before the goal holds."""
        unmet = first.text.index("ApprovalDescription: expected {matches: '.'}, got (absent)")
        assert unmet < first.text.index("✓ goal holds")

    def test_drill_solved_alone_in_the_cli_form(self, first: Session) -> None:
        """Typing the AWS CLI command solves the drill, done alone (no hint, no solution)."""
        assert '"ModelPackageArn": "arn:aws:sagemaker:us-east-1:111122223333:model-package/' in (
            first.text
        )
        assert "Drill done (alone)." in first.text

    def test_wrong_answer_then_right_one(self, first: Session) -> None:
        """A wrong choice is marked; the right one is confirmed and explained."""
        wrong = first.text.index("✗ Not that one.")
        assert wrong < first.text.index("✓ Right. The answer is: PendingManualApproval")

    def test_quit_saves_and_exits_cleanly(self, first: Session) -> None:
        """quit ends with exit 0 and says how to resume."""
        assert first.status == 0
        assert "Stopped. The next step is 14 of 14." in first.text
        assert "Resume with: mlgov-sim step scenarios/approval-workflow.yaml --db" in first.text

    def test_resumes_at_the_same_step_in_the_same_world(self, first: Session) -> None:
        """A second `step --db` starts at the question where quit was typed, and finishes."""
        child = spawn(first.db)
        log: list[str] = []
        expect(child, "Resuming at step 14.", log)
        expect(child, "answer] $ ", log)
        child.sendline("2")
        second = finish(child, first.db, log)
        assert second.status == 0
        assert "step 1 of 14" not in second.text
        assert "Drills: 1 of 1 done: 1 alone" in second.text
        assert "Questions: 1 of 2 right first time" in second.text
