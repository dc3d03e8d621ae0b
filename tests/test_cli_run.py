"""`mlgov-sim run`: reports, exit codes, determinism, bad input answered at FILE:LINE:COLUMN."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from freezegun import freeze_time

from mlgov_sim.cli.main import cli

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))
GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("MLGOV_UPDATE_GOLDEN") == "1"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["run", *args], catch_exceptions=False)


def write(tmp_path: Path, text: str, name: str = "drill.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


VALID = """\
title: A tiny drill
steps:
  - name: group
    do: CreateModelPackageGroup
    with: {ModelPackageGroupName: churn}
  - do: DescribeModelPackageGroup
    with: {ModelPackageGroupName: churn}
    expect:
      ModelPackageGroupArn: "${group.ModelPackageGroupArn}"
"""


class TestShippedScenarios:
    @pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
    def test_passes(self, path: Path) -> None:
        """Every shipped scenario runs to the end with every expectation met."""
        result = run(str(path.relative_to(ROOT)))
        assert result.exit_code == 0, result.output
        assert "PASS" in result.output.splitlines()[-1]

    def test_there_are_at_least_three(self) -> None:
        """The project ships at least three scenarios."""
        assert len(SCENARIOS) >= 3

    def test_report_is_pinned_by_a_golden_file(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The approval-workflow report is the reviewed one (MLGOV_UPDATE_GOLDEN=1 rewrites it)."""
        monkeypatch.chdir(ROOT)
        output = run("scenarios/approval-workflow.yaml").output
        golden = GOLDEN / "approval-workflow.txt"
        if UPDATE:
            golden.write_text(output)
        assert output == golden.read_text()

    def test_json_report_is_pinned_by_a_golden_file(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The JSON report of the lifecycle scenario is exactly the reviewed one."""
        monkeypatch.chdir(ROOT)
        output = run("scenarios/lifecycle-stages.yaml", "--format", "json").output
        golden = GOLDEN / "lifecycle-stages.json"
        if UPDATE:
            golden.write_text(output)
        assert output == golden.read_text()


class TestDeterminism:
    @pytest.mark.parametrize("fmt", ["text", "json"])
    def test_same_scenario_same_bytes(self, fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
        """Running every scenario twice gives byte-identical output."""
        monkeypatch.chdir(ROOT)
        files = [str(p.relative_to(ROOT)) for p in SCENARIOS]
        first = run(*files, "--format", fmt).output
        second = run(*files, "--format", fmt).output
        assert first == second

    def test_wall_clock_does_not_leak(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The report does not depend on the machine's clock: only simulated time is used."""
        monkeypatch.chdir(ROOT)
        with freeze_time("2031-07-04 23:59:59"):
            late = run("scenarios/approval-workflow.yaml", "--format", "json").output
        with freeze_time("1999-01-01 00:00:00"):
            early = run("scenarios/approval-workflow.yaml", "--format", "json").output
        assert late == early


class TestExitCodes:
    def test_failed_expectation_exits_1_and_shows_path_expected_actual(
        self, tmp_path: Path
    ) -> None:
        """A failed expectation exits 1, showing the step, the path, the expected and the actual."""
        path = write(
            tmp_path,
            VALID.replace(
                'ModelPackageGroupArn: "${group.ModelPackageGroupArn}"',
                "ModelPackageGroupStatus: Deleting",
            ),
        )
        result = run(str(path))
        assert result.exit_code == 1
        assert "✗ ModelPackageGroupStatus: expected 'Deleting', got 'Completed'" in result.output
        assert f"failed at step 2 ({path}:6:5)" in result.output

    def test_unexpected_refusal_fails_the_step(self, tmp_path: Path) -> None:
        """A step that is refused without expect_error fails, showing the AWS error."""
        path = write(
            tmp_path,
            "title: t\nsteps:\n  - do: DescribeModelPackageGroup\n"
            "    with: {ModelPackageGroupName: nope}\n",
        )
        result = run(str(path))
        assert result.exit_code == 1
        assert "✗ refused: ValidationException: ModelPackageGroup arn:aws:sagemaker:" in (
            result.output
        )

    def test_expected_error_that_does_not_happen_fails(self, tmp_path: Path) -> None:
        """A step with expect_error that succeeds fails the scenario."""
        path = write(
            tmp_path,
            "title: t\nsteps:\n  - do: CreateModelPackageGroup\n"
            "    with: {ModelPackageGroupName: g}\n"
            "    expect_error: {code: ConflictException}\n",
        )
        result = run(str(path))
        assert result.exit_code == 1
        assert "expected the call to be refused with ConflictException, but it succeeded" in (
            result.output
        )

    def test_later_steps_are_not_run_after_a_failure(self, tmp_path: Path) -> None:
        """After the first failing step, the rest are listed as not run."""
        path = write(
            tmp_path,
            "title: t\nsteps:\n  - do: DescribeModelPackageGroup\n"
            "    with: {ModelPackageGroupName: nope}\n  - say: later\n",
        )
        assert "(not run: an earlier step failed)" in run(str(path)).output

    def test_several_files_print_a_summary(self, tmp_path: Path) -> None:
        """Several files give one report each and a summary line; invalid wins the exit code."""
        good = write(tmp_path, VALID, "good.yaml")
        bad = write(tmp_path, "title: t\nstepz: []\n", "bad.yaml")
        result = CliRunner().invoke(cli, ["run", str(good), str(bad)])
        assert result.exit_code == 2
        assert result.output.rstrip().endswith("2 scenarios: 1 passed, 0 failed, 1 invalid")


BAD_INPUT = {
    "bad YAML": ("title: t\nsteps:\n  - say: [unclosed\n", "4:1", "YAML syntax error"),
    "unknown key": (
        "title: t\nsteps:\n  - do: ListModelPackageGroups\n    expcet: {}\n",
        "4:5",
        "did you mean 'expect'",
    ),
    "wrong type": ("title: t\nsteps: {do: ListModelPackageGroups}\n", "2:8", "list"),
    "unknown operation": (
        "title: t\nsteps:\n  - do: CreateModelPackag\n",
        "3:9",
        "did you mean sagemaker:CreateModelPackage",
    ),
    "unknown step reference": (
        "title: t\nsteps:\n  - do: DescribeModelPackage\n"
        '    with: {ModelPackageName: "${v9.ModelPackageArn}"}\n',
        "4:30",
        "v9",
    ),
}


class TestBadInput:
    @pytest.mark.parametrize("case", list(BAD_INPUT), ids=list(BAD_INPUT))
    def test_exits_2_with_file_line_column(self, case: str, tmp_path: Path) -> None:
        """A broken scenario exits 2 with FILE:LINE:COLUMN and what was expected, no traceback."""
        text, where, words = BAD_INPUT[case]
        path = write(tmp_path, text)
        result = CliRunner().invoke(cli, ["run", str(path)])
        assert result.exit_code == 2, result.output
        assert f"{path}:{where}: " in result.output
        assert words in result.output
        assert "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)

    def test_missing_file_exits_2(self, tmp_path: Path) -> None:
        """A file that does not exist is invalid input, not a crash."""
        result = CliRunner().invoke(cli, ["run", str(tmp_path / "nope.yaml")])
        assert result.exit_code == 2
        assert "nope.yaml" in result.output


class TestDatabase:
    def test_existing_world_is_never_overwritten_silently(self, tmp_path: Path) -> None:
        """A second run into the same --db is refused (exit 2) unless --replace is given."""
        path, db = write(tmp_path, VALID), tmp_path / "w.db"
        assert run(str(path), "--db", str(db)).exit_code == 0
        refused = CliRunner().invoke(cli, ["run", str(path), "--db", str(db)])
        assert refused.exit_code == 2
        assert "already holds a world: pass --replace" in refused.output
        assert run(str(path), "--db", str(db), "--replace").exit_code == 0

    def test_db_with_several_files_is_refused(self, tmp_path: Path) -> None:
        """--db keeps one world, so it takes one file."""
        path = write(tmp_path, VALID)
        result = CliRunner().invoke(cli, ["run", str(path), str(path), "--db", "x.db"])
        assert result.exit_code == 2

    def test_json_report_holds_each_call(self, tmp_path: Path) -> None:
        """--format json gives a machine-readable run with inputs, responses and a summary."""
        data = json.loads(run(str(write(tmp_path, VALID)), "--format", "json").output)
        assert data["summary"] == {"scenarios": 1, "passed": 1, "failed": 0, "invalid": 0}
        step = data["runs"][0]["steps"][1]
        assert step["action"]["operation"] == "sagemaker:DescribeModelPackageGroup"
        assert step["action"]["response"]["ModelPackageGroupStatus"] == "Completed"
