"""`mlgov-sim inspect` and `mlgov-sim ops`: reading a saved world and the operation table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mlgov_sim.app import World, supported_operations
from mlgov_sim.cli.main import cli

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    """A world file left by running the lifecycle scenario."""
    db = tmp_path / "world.db"
    result = CliRunner().invoke(
        cli, ["run", str(ROOT / "scenarios/lifecycle-stages.yaml"), "--db", str(db)]
    )
    assert result.exit_code == 0, result.output
    return db


class TestInspect:
    def test_shows_versions_with_approval_and_stage(self, saved: Path) -> None:
        """The registry view lists each version's approval status and lifecycle stage."""
        output = CliRunner().invoke(cli, ["inspect", "--db", str(saved)]).output
        lines = output.splitlines()
        assert lines[0].startswith("demand-forecast  arn:aws:sagemaker:us-east-1:")
        assert lines[2].split()[:3] == ["1", "Approved", "Archived/Retired"]
        assert lines[3].split()[:3] == ["2", "Approved", "Production/Approved"]

    def test_json_lists_who_and_when(self, saved: Path) -> None:
        """--format json gives each version with who created and last changed it, and when."""
        output = CliRunner().invoke(cli, ["inspect", "--db", str(saved), "--format", "json"]).output
        first = json.loads(output)["registry"][0]["Versions"][0]
        assert first["CreatedBy"] == "arn:aws:iam::111122223333:user/admin"
        assert first["LastModifiedTime"] == "2025-06-13T08:30:00Z"
        assert first["Stage"] == "Archived"

    def test_reading_adds_nothing_to_the_audit_trail(self, saved: Path) -> None:
        """Inspecting is not a call: the audit trail is unchanged."""
        before = len(World.open(saved).audit_log())
        CliRunner().invoke(cli, ["inspect", "--db", str(saved)])
        assert len(World.open(saved).audit_log()) == before

    def test_a_file_without_a_world_exits_2(self, tmp_path: Path) -> None:
        """A database that holds no world is refused clearly, not with a traceback."""
        empty = tmp_path / "empty.db"
        empty.write_bytes(b"")
        result = CliRunner().invoke(cli, ["inspect", "--db", str(empty)])
        assert result.exit_code == 2
        assert "holds no mlgov-sim world" in result.output

    def test_a_missing_file_exits_2_and_is_not_created(self, tmp_path: Path) -> None:
        """Inspecting a file that does not exist says so, and does not create it."""
        missing = tmp_path / "missing.db"
        result = CliRunner().invoke(cli, ["inspect", "--db", str(missing)])
        assert result.exit_code == 2
        assert "no such file" in result.output
        assert not missing.exists()


class TestOps:
    def test_one_line_per_supported_operation(self) -> None:
        """`ops` prints every supported operation once, with its summary; console actions last."""
        lines = [line for line in CliRunner().invoke(cli, ["ops"]).output.splitlines() if line]
        operations = supported_operations()
        assert [line.split()[0] for line in lines] == [
            op.full_name for op in operations if not op.console_only
        ] + [op.full_name for op in operations if op.console_only]
        assert all(len(line.split(None, 1)) == 2 for line in lines)

    def test_json(self) -> None:
        """`ops --format json` marks read-only operations."""
        data = json.loads(CliRunner().invoke(cli, ["ops", "--format", "json"]).output)
        by_name = {entry["operation"]: entry for entry in data}
        assert by_name["sagemaker:DescribeModelPackage"]["readOnly"] is True
        assert by_name["sagemaker:UpdateModelPackage"]["readOnly"] is False


DUTIES = """\
title: Alice registers, Bob approves
world:
  clock: 2025-06-02T09:00:00Z
  roles:
    DataScientist:
      policies:
        - {Effect: Allow, Action: "sagemaker:*", Resource: "*"}
        - {Sid: NoSelfApproval, Effect: Deny, Action: sagemaker:UpdateModelPackage, Resource: "*"}
    MLApprover:
      policies:
        - {Effect: Allow, Action: "sagemaker:*", Resource: "*"}
  principals:
    alice: {role: DataScientist}
    bob: {role: MLApprover}
steps:
  - {as: alice, do: CreateModelPackageGroup, with: {ModelPackageGroupName: credit-limit}}
  - {name: v1, as: alice, do: CreateModelPackage, with: {ModelPackageGroupName: credit-limit}}
  - as: alice
    do: UpdateModelPackage
    with: {ModelPackageArn: "${v1.ModelPackageArn}", ModelApprovalStatus: Approved}
    expect_error: {code: AccessDeniedException}
  - as: bob
    do: UpdateModelPackage
    with:
      ModelPackageArn: "${v1.ModelPackageArn}"
      ModelApprovalStatus: Approved
      ApprovalDescription: Fairness and AUC checks passed (ticket RISK-3310)
"""


@pytest.fixture(scope="module")
def duties(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A world where alice's self-approval was refused, then bob approved."""
    folder = tmp_path_factory.mktemp("duties")
    scenario = folder / "duties.yaml"
    scenario.write_text(DUTIES)
    db = folder / "world.db"
    result = CliRunner().invoke(cli, ["run", str(scenario), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


def version_json(db: Path, reference: str) -> dict:
    result = CliRunner().invoke(
        cli, ["inspect", "--db", str(db), "--version", reference, "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["version"]


class TestInspectVersion:
    def test_names_who_approved_and_when(self, duties: Path) -> None:
        """A version's decisions say who approved it, when, and with what note."""
        decisions = version_json(duties, "credit-limit/1")["Decisions"]
        assert decisions == [
            {
                "Time": "2025-06-02T09:00:00Z",
                "Status": "Approved",
                "By": "bob",
                "Description": "Fairness and AUC checks passed (ticket RISK-3310)",
            }
        ]

    def test_lists_refused_attempts_from_the_audit_trail(self, duties: Path) -> None:
        """Alice's refused self-approval is in the version's history, with its error code."""
        refused = version_json(duties, "credit-limit/1")["Refused"]
        assert [(r["By"], r["Operation"], r["ErrorCode"]) for r in refused] == [
            ("alice", "sagemaker:UpdateModelPackage", "AccessDeniedException")
        ]

    def test_timeline_is_in_call_order(self, duties: Path) -> None:
        """Created by alice, refused for alice, then changed by bob: the order the calls came."""
        timeline = version_json(duties, "credit-limit/1")["Timeline"]
        assert [(item["Kind"], item["By"]) for item in timeline] == [
            ("created", "alice"),
            ("refused", "alice"),
            ("changed", "bob"),
        ]

    def test_an_arn_works_as_well_as_group_slash_version(self, duties: Path) -> None:
        """--version takes the full ARN too."""
        arn = "arn:aws:sagemaker:us-east-1:111122223333:model-package/credit-limit/1"
        assert version_json(duties, arn)["ModelPackageArn"] == arn

    def test_stage_changes_say_who_moved_the_version(self, saved: Path) -> None:
        """Each lifecycle move is listed with its stage and the principal who made it."""
        stages = version_json(saved, "demand-forecast/1")["StageChanges"]
        assert [(s["Stage"], s["StageStatus"], s["By"]) for s in stages] == [
            ("Development", "InProgress", "admin"),
            ("QA", "InProgress", "admin"),
            ("Production", "Approved", "admin"),
            ("Archived", "Retired", "admin"),
        ]

    def test_text_shows_decisions_and_refusals(self, duties: Path) -> None:
        """The text view has the decision line and the refusal's error."""
        output = (
            CliRunner()
            .invoke(cli, ["inspect", "--db", str(duties), "--version", "credit-limit/1"])
            .output
        )
        assert "Approved               by bob" in output
        assert "AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/" in output

    def test_an_unknown_version_exits_2_naming_those_there_are(self, duties: Path) -> None:
        """Asking for a version the world lacks is refused with the versions it has."""
        result = CliRunner().invoke(
            cli, ["inspect", "--db", str(duties), "--version", "credit-limit/7"]
        )
        assert result.exit_code == 2
        assert "(versions: credit-limit/1)" in result.output


class TestInspectEndpoints:
    def test_a_world_without_endpoints_says_so(self, saved: Path) -> None:
        """The registry's world has no endpoint: JSON lists none, text says so."""
        output = CliRunner().invoke(cli, ["inspect", "--db", str(saved), "--format", "json"])
        assert json.loads(output.output)["endpoints"] == []
        text = CliRunner().invoke(cli, ["inspect", "--db", str(saved)]).output
        assert text.rstrip().endswith("No endpoints.")

    def test_an_endpoint_shows_what_it_serves_and_its_timeline(self, tmp_path: Path) -> None:
        """After a guardrail rollback: InService on version 1, and each step with its time."""
        db = tmp_path / "recs.db"
        scenario = str(ROOT / "scenarios/rollback-canary-alarm.yaml")
        assert CliRunner().invoke(cli, ["run", scenario, "--db", str(db)]).exit_code == 0
        output = CliRunner().invoke(cli, ["inspect", "--db", str(db), "--format", "json"])
        [endpoint] = json.loads(output.output)["endpoints"]
        assert endpoint["EndpointName"] == "recs-prod"
        assert endpoint["EndpointStatus"] == "InService"
        assert endpoint["ModelPackageArn"].endswith("model-package/product-recs/1")
        whats = [item["What"] for item in endpoint["Timeline"]]
        assert whats[-1].startswith(
            "endpoint recs-prod: rolled back: alarm recs-v2-conversion-drop"
        )
