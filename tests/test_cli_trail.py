"""`mlgov-sim audit` and `mlgov-sim events`: reading a saved world's record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mlgov_sim.cli.main import cli

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A world file left by the approval-workflow scenario."""
    db = tmp_path_factory.mktemp("trail") / "world.db"
    result = CliRunner().invoke(
        cli, ["run", str(ROOT / "scenarios/approval-workflow.yaml"), "--db", str(db)]
    )
    assert result.exit_code == 0, result.output
    return str(db)


def invoke(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


class TestAudit:
    def test_refusals_are_listed_with_their_code(self, saved: str) -> None:
        """--outcome Error lists the refused DeleteModelPackageGroup with ConflictException."""
        data = json.loads(invoke("audit", "--db", saved, "--outcome", "Error", "--format", "json"))
        assert [(e["operation"], e["errorCode"]) for e in data] == [
            ("sagemaker:DeleteModelPackageGroup", "ConflictException")
        ]

    def test_who_approved_version_2(self, saved: str) -> None:
        """Filtering by operation and resource answers "who approved version 2, and when?"."""
        data = json.loads(
            invoke(
                "audit",
                "--db",
                saved,
                "--operation",
                "UpdateModelPackage",
                "--resource",
                "customer-churn/2",
                "--format",
                "json",
            )
        )
        assert [(e["principal"], e["time"]) for e in data] == [("admin", "2025-03-10T09:00:00Z")]

    def test_goal_checks_are_marked(self, saved: str) -> None:
        """Calls a drill's goal check makes are marked as such in the trail."""
        data = json.loads(invoke("audit", "--db", saved, "--format", "json"))
        assert any(e["via"] == "goal check" for e in data)

    def test_text_shows_refusal_message(self, saved: str) -> None:
        """The text view shows REFUSED and the AWS error under the call."""
        output = invoke("audit", "--db", saved, "--outcome", "Error")
        assert "REFUSED" in output
        assert "ConflictException: ModelPackageGroup" in output


class TestEvents:
    def test_one_event_per_creation_and_approval(self, saved: str) -> None:
        """Two creations and two approvals put four model package state changes on the bus."""
        data = json.loads(invoke("events", "--db", saved, "--format", "json"))
        assert [e["detail"].get("UpdatedModelPackageFields") for e in data] == [
            None,
            ["ModelApprovalStatus", "ApprovalDescription"],
            None,
            ["ModelApprovalStatus", "ApprovalDescription"],
        ]
        assert {e["detail-type"] for e in data} == {"SageMaker Model Package State Change"}

    def test_filter_by_resource(self, saved: str) -> None:
        """--resource keeps the events about one version."""
        output = invoke("events", "--db", saved, "--resource", "customer-churn/1")
        assert "customer-churn/2" not in output
        assert "ModelApprovalStatus=Approved" in output


@pytest.fixture(scope="module")
def rolled_back(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A world file left by the canary rollback scenario."""
    db = tmp_path_factory.mktemp("rollback") / "world.db"
    scenario = str(ROOT / "scenarios/rollback-canary-alarm.yaml")
    result = CliRunner().invoke(cli, ["run", scenario, "--db", str(db)])
    assert result.exit_code == 0, result.output
    return str(db)


class TestDeploymentEvents:
    def test_endpoint_and_alarm_events_say_what_changed(self, rolled_back: str) -> None:
        """The alarm's new and old state, then the endpoint back InService with the reason."""
        output = invoke("events", "--db", rolled_back, "--resource", "recs-v2-conversion-drop")
        assert "state=ALARM  was=OK" in output
        output = invoke(
            "events", "--db", rolled_back, "--detail-type", "SageMaker Endpoint State Change"
        )
        last = output.splitlines()[-1]
        assert "EndpointStatus=IN_SERVICE  EndpointConfigName=recs-v1-config" in last
        assert "FailureReason=Deployment of endpoint config recs-v2-config was rolled back" in last

    def test_a_deployment_under_way_names_the_config_it_deploys(self, rolled_back: str) -> None:
        detail_type = "SageMaker Endpoint Deployment State Change"
        output = invoke("events", "--db", rolled_back, "--detail-type", detail_type)
        assert (
            "EndpointStatus=UPDATING  EndpointConfigName=recs-v1-config  deploying=recs-v2-config"
            in output
        )
