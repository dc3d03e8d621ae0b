"""`mlgov-sim step` with piped input: scripted sessions, resuming with --db, and the same world
as `run` when a learner types the solutions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from mlgov_sim.cli.main import cli
from mlgov_sim.scenario.load import load_scenario
from mlgov_sim.scenario.model import AskStep, TaskStep

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))
APPROVAL = ROOT / "scenarios/approval-workflow.yaml"
SOLVE_APPROVAL = (
    "sagemaker update-model-package --model-package-arn ${v2.ModelPackageArn} "
    '--model-approval-status Approved --approval-description "AUC 0.88 on the March hold-out set."'
)
# What a learner types at each shipped drill: the AWS CLI form of the scenario's solution.
TYPED_SOLUTIONS = {
    "approval-workflow": [SOLVE_APPROVAL],
    "deploy-on-approval": [
        "sagemaker update-model-package --model-package-arn ${v2.ModelPackageArn} "
        "--model-approval-status Approved"
    ],
    "lifecycle-stages": [
        "sagemaker update-model-package --model-package-arn ${v1.ModelPackageArn} "
        '--model-life-cycle Stage=Archived,StageStatus=Retired,StageDescription="Replaced by '
        'version 2"'
    ],
    "metadata-and-tags": [
        "aws sagemaker update-model-package --model-package-arn ${v1.ModelPackageArn} "
        "--customer-metadata-properties approval-ticket=RISK-2291 "
        "--customer-metadata-properties-to-remove hyperparameters"
    ],
    "separation-of-duties": [
        "as bob sagemaker update-model-package --model-package-arn ${v1.ModelPackageArn} "
        "--model-approval-status Approved "
        '--approval-description "Fairness and AUC checks passed (ticket RISK-3310)"'
    ],
    "rollback-canary-alarm": [
        "aws sagemaker update-model-package --model-package-arn ${v2.ModelPackageArn} "
        "--model-approval-status Rejected --approval-description "
        '"Canary conversion 1.8% vs 3.4%; rolled back by recs-v2-conversion-drop"'
    ],
    "rollback-manual": [
        "as erin aws sagemaker update-endpoint --endpoint-name recs-prod "
        "--endpoint-config-name recs-v1-config\n"
        "advance 10m\n"
        "as admin aws sagemaker update-model-package --model-package-arn ${v2.ModelPackageArn} "
        "--model-approval-status Rejected --approval-description "
        '"Conversion fell from 3.4% to 1.8% overnight; rolled back to version 1"'
    ],
    "rollback-cicd-automation": [
        "as ravi aws sagemaker update-model-package --model-package-arn ${v2.ModelPackageArn} "
        "--model-approval-status Rejected --approval-description "
        '"Conversion fell from 3.4% to 1.8% after release"\n'
        "advance 10m"
    ],
}


DUTIES = """\
title: Alice registers, Bob approves
world:
  roles:
    DataScientist:
      policies:
        - {Effect: Allow, Action: "sagemaker:*", Resource: "*"}
        - {Effect: Deny, Action: sagemaker:UpdateModelPackage, Resource: "*"}
    MLApprover:
      policies:
        - {Effect: Allow, Action: "sagemaker:*", Resource: "*"}
  principals:
    alice: {role: DataScientist}
    bob: {role: MLApprover}
steps:
  - {as: alice, do: CreateModelPackageGroup, with: {ModelPackageGroupName: credit-limit}}
  - {name: v1, as: alice, do: CreateModelPackage, with: {ModelPackageGroupName: credit-limit}}
  - task: As bob, approve version 1.
    goal:
      - do: DescribeModelPackage
        with: {ModelPackageName: "${v1.ModelPackageArn}"}
        expect: {ModelApprovalStatus: Approved}
    solution:
      - as: bob
        do: UpdateModelPackage
        with: {ModelPackageArn: "${v1.ModelPackageArn}", ModelApprovalStatus: Approved}
"""


@pytest.fixture
def duties(tmp_path: Path) -> Path:
    """A scenario with two principals: alice may not approve, bob may."""
    path = tmp_path / "duties.yaml"
    path.write_text(DUTIES)
    return path


def step(*args: str, input: str) -> Result:
    return CliRunner().invoke(cli, ["step", *args], input=input, catch_exceptions=False)


def script(path: Path, at_task: list[str] | None = None, answer: str = "solution") -> str:
    """Input that goes through `path`: Enter after each played step, `at_task` at drills
    (`solution` when None), `answer` at questions (`solution` shows the answer)."""
    typed = list(at_task or [])
    lines = []
    for item in load_scenario(path).steps:
        if isinstance(item, TaskStep):
            lines.append(typed.pop(0) if at_task is not None else "solution")
        elif isinstance(item, AskStep):
            lines.append(item.answer if answer == "right" else answer)
        else:
            lines.append("")
    return "\n".join(lines) + "\n"


def saved_views(db: Path) -> dict[str, object]:
    """What inspect, events and audit show of the world in `db`, as JSON.

    The goal's own reads are left out of the audit: `step` checks the goal
    after each command that changes the world, `run` once after the solution,
    so a drill solved in several commands has more of them.
    """
    runner = CliRunner()
    views = {
        view: json.loads(runner.invoke(cli, [view, "--db", str(db), "--format", "json"]).output)
        for view in ("inspect", "events", "audit")
    }
    views["audit"] = [entry for entry in views["audit"] if entry["via"] != "goal check"]
    return views


class TestEveryScenario:
    @pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
    def test_enter_and_solution_reach_the_end(self, path: Path) -> None:
        """Pressing Enter and asking for solutions steps through the whole scenario cleanly."""
        result = step(str(path), input=script(path))
        assert result.exit_code == 0, result.output
        assert "Traceback" not in result.output
        assert "Scenario complete." in result.output
        assert "not a command" not in result.output


SHIPPED_WITH_TYPED = [
    name for name in sorted(TYPED_SOLUTIONS) if (ROOT / "scenarios" / f"{name}.yaml").exists()
]


class TestSameWorldAsRun:
    @pytest.mark.parametrize("name", SHIPPED_WITH_TYPED)
    def test_typed_solutions_leave_the_world_run_leaves(self, name: str, tmp_path: Path) -> None:
        """Drills solved by typing the AWS CLI form give run's registry, events and audit trail."""
        path = ROOT / "scenarios" / f"{name}.yaml"
        ran, stepped = tmp_path / "run.db", tmp_path / "step.db"
        assert CliRunner().invoke(cli, ["run", str(path), "--db", str(ran)]).exit_code == 0
        result = step(
            str(path), "--db", str(stepped), input=script(path, TYPED_SOLUTIONS[name], "right")
        )
        assert "Drill done (alone)" in result.output, result.output
        assert saved_views(stepped) == saved_views(ran)


class TestDrill:
    def test_unmet_goal_names_the_missing_part(self) -> None:
        """Approving without a note leaves the goal unmet, naming ApprovalDescription."""
        typed = [
            "sagemaker update-model-package --model-package-arn ${v2.ModelPackageArn} "
            "--model-approval-status Approved\nskip"
        ]
        output = step(str(APPROVAL), input=script(APPROVAL, typed)).output
        assert "ApprovalDescription: expected {matches: '.'}, got (absent)" in output
        assert "goal not met yet" in output

    def test_drill_names_the_responses_to_refer_to(self) -> None:
        """A drill starts by listing the ${name.Arn} references the story so far offers."""
        output = step(str(APPROVAL), input=script(APPROVAL)).output
        assert (
            "Responses to refer to: ${group.ModelPackageGroupArn}, ${v1.ModelPackageArn}, "
            "${v2.ModelPackageArn}"
        ) in output

    def test_a_hint_makes_the_drill_done_with_hints(self) -> None:
        """A drill solved after `hint` counts as done with hints."""
        output = step(str(APPROVAL), input=script(APPROVAL, ["hint\n" + SOLVE_APPROVAL])).output
        assert "Hint: Approval is a field of the model package version" in output
        assert "1 with hints" in output

    def test_refusal_shows_the_aws_error(self, duties: Path) -> None:
        """A refused call prints the AWS CLI's error line and the drill goes on."""
        path = duties
        typed = [
            "as alice\nsagemaker update-model-package --model-package-arn ${v1.ModelPackageArn} "
            "--model-approval-status Approved\nskip"
        ]
        output = step(str(path), input=script(path, typed)).output
        assert (
            "An error occurred (AccessDeniedException) when calling the UpdateModelPackage "
            "operation: User: arn:aws:sts::111122223333:assumed-role/DataScientist/alice"
        ) in output

    def test_typo_gets_did_you_mean(self) -> None:
        """A misspelt parameter is answered with the right name, and nothing is called."""
        typed = ["sagemaker update-model-package --model-package-ar x\nskip"]
        output = step(str(APPROVAL), input=script(APPROVAL, typed)).output
        assert "did you mean '--model-package-arn'?" in output

    def test_yaml_form_with_reference_solves_the_drill(self) -> None:
        """A step as one line of YAML, with a ${...} reference, works like the CLI form."""
        typed = [
            '{do: UpdateModelPackage, with: {ModelPackageArn: "${v2.ModelPackageArn}", '
            "ModelApprovalStatus: Approved, ApprovalDescription: ok}}"
        ]
        assert "Drill done (alone)" in step(str(APPROVAL), input=script(APPROVAL, typed)).output

    def test_advance_shows_the_new_time(self) -> None:
        """`advance 2h` moves the clock, and says what happened meanwhile."""
        output = step(str(APPROVAL), input=script(APPROVAL, ["advance 2h\nskip"])).output
        assert "advance 2h: clock now day 8 11:00:00" in output

    def test_advance_shows_the_timeline(self) -> None:
        """What the clock set off is listed with its simulated time, as `run` reports it."""
        path = ROOT / "scenarios/rollback-manual.yaml"
        output = step(str(path), input=script(path)).output
        assert "  ↳ day 2 08:20:00 endpoint recs-prod: InService on recs-v1-config" in output

    def test_show_registry_inside_a_drill(self) -> None:
        """`show registry` prints the inspect view of the live world."""
        output = step(str(APPROVAL), input=script(APPROVAL, ["show registry\nskip"])).output
        assert "customer-churn  arn:aws:sagemaker:us-east-1:111122223333:" in output

    def test_unknown_principal_gets_did_you_mean(self, duties: Path) -> None:
        """`as` with a misspelt principal names the nearest one and acts as nobody new."""
        output = step(str(duties), input=script(duties, ["as bobb\nskip"])).output
        assert "no principal named 'bobb'; did you mean 'bob'?" in output

    def test_as_switches_the_acting_principal(self, duties: Path) -> None:
        """After `as bob`, the prompt and the calls are bob's, and bob may approve."""
        typed = [
            "as bob\nsagemaker update-model-package --model-package-arn ${v1.ModelPackageArn} "
            "--model-approval-status Approved"
        ]
        output = step(str(duties), input=script(duties, typed)).output
        assert "[bob · step 3] $ sagemaker update-model-package" in output
        assert "Drill done (alone)" in output


class TestViewsAndAudit:
    def test_show_version_audit_and_endpoints(self) -> None:
        """`show version`, `show audit` and `show endpoints` answer inside a drill."""
        typed = ["show version customer-churn/1\nshow audit\nshow endpoints\nskip"]
        output = step(str(APPROVAL), input=script(APPROVAL, typed)).output
        assert "customer-churn/1  arn:aws:sagemaker:us-east-1:111122223333:model-package/" in output
        assert "Approved               by admin" in output
        assert "sagemaker:CreateModelPackageGroup" in output
        assert "No endpoints." in output

    def test_help_lists_the_commands(self) -> None:
        """`help` lists the AWS CLI form, the YAML form and the drill's words."""
        output = step(str(APPROVAL), input="help\nquit\n").output
        assert "sagemaker OPERATION help" in output
        assert "hint, solution, skip" in output

    def test_reads_are_not_followed_by_goal_checks(self, tmp_path: Path) -> None:
        """A Describe at a drill changes nothing, so no goal check is audited after it."""
        db = tmp_path / "drill.db"
        typed = ["sagemaker describe-model-package --model-package-name ${v2.ModelPackageArn}"]
        up_to_the_drill = script(APPROVAL, typed).split("\n")[:10]  # the drill is step 10
        step(str(APPROVAL), "--db", str(db), input="\n".join(up_to_the_drill) + "\n")
        audit = saved_views(db)["audit"]
        assert [entry["via"] for entry in audit].count("goal check") == 0
        assert audit[-1]["operation"] == "sagemaker:DescribeModelPackage"


class TestQuestions:
    def test_wrong_then_right_is_not_right_first_time(self) -> None:
        """A wrong answer is marked, the right one explained, and the summary counts it."""
        lines = script(APPROVAL, answer="right").split("\n")
        lines[4] = "1\n2"  # step 5 is the first question: Approved (wrong), then the right one
        output = step(str(APPROVAL), input="\n".join(lines)).output
        assert "✗ Not that one." in output
        assert "✓ Right. The answer is: PendingManualApproval" in output
        assert "Questions: 1 of 2 right first time" in output


class TestSession:
    def test_end_of_input_stops_cleanly(self) -> None:
        """Input that ends mid-scenario ends the session with a summary and exit 0."""
        result = step(str(APPROVAL), input="\n\n")
        assert result.exit_code == 0
        assert "Stopped. The next step is 4 of 14." in result.output
        assert "Stopped before the end." in result.output

    def test_quit_and_resume_with_db(self, tmp_path: Path) -> None:
        """After quit, step --db resumes at the same step, in the same world."""
        db = tmp_path / "drill.db"
        first = step(str(APPROVAL), "--db", str(db), input="\n\n\nquit\n")
        assert "Resume with: mlgov-sim step" in first.output
        rest = script(APPROVAL).split("\n")[4:]
        second = step(str(APPROVAL), "--db", str(db), input="\n".join(rest))
        assert "Resuming at step 5." in second.output
        assert "Scenario complete." in second.output
        assert "step 1 of 14" not in second.output

    def test_resume_keeps_references(self, tmp_path: Path) -> None:
        """A resumed session still resolves ${v2...}, read from the saved progress."""
        db = tmp_path / "drill.db"
        step(str(APPROVAL), "--db", str(db), input="\n" * 4 + "solution\n" + "\n" * 4 + "quit\n")
        second = step(str(APPROVAL), "--db", str(db), input=SOLVE_APPROVAL + "\n")
        assert "Drill done (alone)" in second.output

    def test_resume_with_another_file_is_refused(self, tmp_path: Path) -> None:
        """A world made from one scenario cannot be resumed with another."""
        db = tmp_path / "drill.db"
        step(str(APPROVAL), "--db", str(db), input="quit\n")
        other = ROOT / "scenarios/lifecycle-stages.yaml"
        result = step(str(other), "--db", str(db), input="")
        assert result.exit_code == 2
        assert "was made from" in result.output
        assert "not from" in result.output

    def test_resume_after_the_file_changed_is_refused(self, tmp_path: Path) -> None:
        """Editing the scenario between sessions is noticed: the steps may no longer line up."""
        path = tmp_path / "drill.yaml"
        path.write_text(APPROVAL.read_text())
        db = tmp_path / "drill.db"
        step(str(path), "--db", str(db), input="quit\n")
        path.write_text(APPROVAL.read_text() + "\n  - say: One more step.\n")
        result = step(str(path), "--db", str(db), input="")
        assert result.exit_code == 2
        assert "has changed since" in result.output

    def test_replace_starts_again(self, tmp_path: Path) -> None:
        """--replace starts a new session over the saved one."""
        db = tmp_path / "drill.db"
        step(str(APPROVAL), "--db", str(db), input="\n\n\nquit\n")
        result = step(str(APPROVAL), "--db", str(db), "--replace", input="quit\n")
        assert "Resuming" not in result.output
        assert "step 1 of 14" in result.output

    def test_a_world_from_run_is_not_resumed(self, tmp_path: Path) -> None:
        """A world `run` made holds no drill: step refuses it rather than guess."""
        db = tmp_path / "run.db"
        CliRunner().invoke(cli, ["run", str(APPROVAL), "--db", str(db)])
        result = step(str(APPROVAL), "--db", str(db), input="")
        assert result.exit_code == 2
        assert "did not make" in result.output

    def test_invalid_scenario_exits_2_with_position(self, tmp_path: Path) -> None:
        """A broken file is reported at FILE:LINE:COLUMN, as run reports it."""
        path = tmp_path / "bad.yaml"
        path.write_text("title: Bad\nsteps:\n  - do: Nope\n")
        result = step(str(path), input="")
        assert result.exit_code == 2
        assert f"INVALID  {path}:3:9:" in result.output

    def test_piped_output_has_no_ansi(self) -> None:
        """Without a terminal, nothing is coloured: the transcript is plain text."""
        assert "\x1b[" not in step(str(APPROVAL), input=script(APPROVAL)).output


def test_enter_at_a_question_says_how_to_answer_without_repeating_it() -> None:
    """The question stays on screen; Enter gets one line on how to answer, not the question."""
    typed = "\n" * 40
    output = step(str(APPROVAL), input=typed).output
    asked = "QUESTION Which approval status does a newly registered version get"
    assert output.count(asked) == 1
    assert "or the choice's text. solution shows the answer." in output
