"""The event bus as AWS fills it, and automations reacting to it through World.call."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from mlgov_sim.app import World
from mlgov_sim.core.automations import MAX_CHAIN

GROUP = "versionedmp-p-idy6c3e1fiqj"
ACCOUNT, REGION = "123456789012", "us-east-2"
PACKAGE_ARN = f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:model-package/{GROUP}/2"
GENERATED_BY = f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:pipeline/{GROUP}/execution/4r83jejmhorv"

# AWS's documented example of the event (SageMaker Developer Guide, "Automating
# SageMaker with Amazon EventBridge": Model package state change), for version 2
# of a group created by a project's pipeline, after it was rejected.
AWS_EXAMPLE: dict[str, Any] = {
    "version": "0",
    "id": "844e2571-85d4-695f-b930-0153b71dcb42",
    "detail-type": "SageMaker Model Package State Change",
    "source": "aws.sagemaker",
    "account": ACCOUNT,
    "time": "2021-02-24T17:00:14Z",
    "region": REGION,
    "resources": [PACKAGE_ARN],
    "detail": {
        "ModelPackageGroupName": GROUP,
        "ModelPackageVersion": 2,
        "ModelPackageArn": PACKAGE_ARN,
        "CreationTime": "2021-02-24T17:00:14Z",
        "ModelPackageStatus": "Completed",
        "ModelPackageStatusDetails": {"ValidationStatuses": [], "ImageScanStatuses": []},
        "CertifyForMarketplace": False,
        "ModelApprovalStatus": "Rejected",
        "MetadataProperties": {"GeneratedBy": GENERATED_BY},
        "UpdatedModelPackageFields": ["ModelApprovalStatus"],
        "LastModifiedTime": "2021-02-24T17:00:14Z",
    },
}


@pytest.fixture
def aws_world() -> World:
    """The example's account, region and time, with its group and two versions."""
    world = World.create(
        account=ACCOUNT, region=REGION, clock=datetime(2021, 2, 24, 17, 0, 14, tzinfo=UTC)
    )
    world.call("CreateModelPackageGroup", {"ModelPackageGroupName": GROUP})
    for _ in range(2):
        world.call(
            "CreateModelPackage",
            {"ModelPackageGroupName": GROUP, "MetadataProperties": {"GeneratedBy": GENERATED_BY}},
        )
    return world


class TestEventShape:
    def test_rejection_event_matches_aws_example_field_by_field(self, aws_world: World) -> None:
        """Rejecting version 2 puts the event AWS documents, every field equal but the random id."""
        aws_world.call(
            "UpdateModelPackage",
            {"ModelPackageArn": PACKAGE_ARN, "ModelApprovalStatus": "Rejected"},
        )
        event = aws_world.events()[-1]
        assert list(event) == list(AWS_EXAMPLE)
        for key in AWS_EXAMPLE:
            if key != "id":
                assert event[key] == AWS_EXAMPLE[key], key
        assert set(event["detail"]) == set(AWS_EXAMPLE["detail"])

    def test_creation_event_has_no_updated_fields(self, aws_world: World) -> None:
        """The event for a new version carries its state and no UpdatedModelPackageFields."""
        created = aws_world.events()[1]
        expected = {
            k: v
            for k, v in AWS_EXAMPLE["detail"].items()
            if k not in ("UpdatedModelPackageFields", "LastModifiedTime")
        }
        expected["ModelApprovalStatus"] = "PendingManualApproval"
        assert created["detail"] == expected

    def test_event_ids_are_uuids_derived_from_the_world(self, aws_world: World) -> None:
        """Event ids look like AWS's and are the same in every run of the same calls."""
        ids = [event["id"] for event in aws_world.events()]
        again = World.create(
            account=ACCOUNT, region=REGION, clock=datetime(2021, 2, 24, 17, 0, 14, tzinfo=UTC)
        )
        again.call("CreateModelPackageGroup", {"ModelPackageGroupName": GROUP})
        for _ in range(2):
            again.call(
                "CreateModelPackage",
                {
                    "ModelPackageGroupName": GROUP,
                    "MetadataProperties": {"GeneratedBy": GENERATED_BY},
                },
            )
        assert [event["id"] for event in again.events()] == ids
        assert all(len(i) == 36 and i[14] == "4" for i in ids)


ON_APPROVAL = {
    "source": ["aws.sagemaker"],
    "detail-type": ["SageMaker Model Package State Change"],
    "detail": {
        "ModelPackageGroupName": ["churn"],
        "ModelApprovalStatus": ["Approved"],
        "UpdatedModelPackageFields": ["ModelApprovalStatus"],
    },
}


@pytest.fixture
def churn(world: World) -> World:
    """A world with a churn group holding one pending version."""
    world.call("CreateModelPackageGroup", {"ModelPackageGroupName": "churn"})
    world.call("CreateModelPackage", {"ModelPackageGroupName": "churn"})
    return world


class TestAutomations:
    def test_automation_reacts_to_approval_with_event_references(self, churn: World) -> None:
        """An approval triggers the automation, whose call reads ${event.detail...}."""
        churn.add_automation(
            "promote-on-approval",
            ON_APPROVAL,
            [
                {
                    "operation": "sagemaker:UpdateModelPackage",
                    "params": {
                        "ModelPackageArn": "${event.detail.ModelPackageArn}",
                        "ModelLifeCycle": {"Stage": "Production", "StageStatus": "Deploying"},
                    },
                }
            ],
        )
        arn = churn.call("DescribeModelPackage", {"ModelPackageName": "churn/1"})["ModelPackageArn"]
        outcome = churn.call_and_react(
            "UpdateModelPackage", {"ModelPackageArn": arn, "ModelApprovalStatus": "Approved"}
        )
        assert [run.automation for run in outcome.reactions] == ["promote-on-approval"]
        assert outcome.reactions[0].ok
        stage = churn.call("DescribeModelPackage", {"ModelPackageName": arn})["ModelLifeCycle"]
        assert stage == {"Stage": "Production", "StageStatus": "Deploying"}
        last = churn.audit_log()[-2]
        assert (last.operation, last.via) == ("sagemaker:UpdateModelPackage", "promote-on-approval")

    def test_a_loose_pattern_also_matches_the_automations_own_event(self, churn: World) -> None:
        """Without UpdatedModelPackageFields, the automation's own change re-matches, as on AWS."""
        loose = {"detail": {"ModelApprovalStatus": ["Approved"]}}
        churn.add_automation(
            "stage",
            loose,
            [
                {
                    "operation": "sagemaker:UpdateModelPackage",
                    "params": {
                        "ModelPackageArn": "${event.detail.ModelPackageArn}",
                        "ModelLifeCycle": {"Stage": "Production", "StageStatus": "Deploying"},
                    },
                }
            ],
        )
        arn = "arn:aws:sagemaker:us-east-1:111122223333:model-package/churn/1"
        outcome = churn.call_and_react(
            "UpdateModelPackage", {"ModelPackageArn": arn, "ModelApprovalStatus": "Approved"}
        )
        # the second run changes nothing, so it announces nothing and the chain ends
        assert [run.chain for run in outcome.reactions] == [("stage",), ("stage", "stage")]

    def test_non_matching_event_triggers_nothing(self, churn: World) -> None:
        """A rejection does not match an approval pattern."""
        churn.add_automation(
            "promote-on-approval",
            ON_APPROVAL,
            [
                {
                    "operation": "sagemaker:ListModelPackageGroups",
                    "params": {},
                }
            ],
        )
        outcome = churn.call_and_react(
            "UpdateModelPackage",
            {
                "ModelPackageArn": "arn:aws:sagemaker:us-east-1:111122223333:model-package/churn/1",
                "ModelApprovalStatus": "Rejected",
            },
        )
        assert outcome.reactions == []

    def test_automation_loop_is_stopped_with_the_chain(self, churn: World) -> None:
        """An automation that re-triggers itself stops after a bounded chain, naming it."""
        churn.add_automation(
            "touch",
            {"source": ["aws.sagemaker"]},
            [
                {
                    "operation": "sagemaker:UpdateModelPackage",
                    "params": {
                        "ModelPackageArn": "${event.detail.ModelPackageArn}",
                        "CustomerMetadataProperties": {"touched": "${event.id}"},
                    },
                }
            ],
        )
        arn = "arn:aws:sagemaker:us-east-1:111122223333:model-package/churn/1"
        outcome = churn.call_and_react(
            "UpdateModelPackage", {"ModelPackageArn": arn, "ModelApprovalStatus": "Approved"}
        )
        loops = [run.loop for run in outcome.reactions if run.loop]
        assert len(loops) == 1
        assert loops[0].startswith(
            "automation loop stopped: "
            + " -> ".join(["touch"] * (MAX_CHAIN + 1))
            + f" would be a chain of {MAX_CHAIN + 1} automations, more than {MAX_CHAIN}"
        )
        assert len(outcome.reactions) == MAX_CHAIN + 1

    def test_refused_automation_call_is_audited_and_reported(self, churn: World) -> None:
        """An automation acting as a principal without permission is refused and audited."""
        churn.add_role("Nobody", [])
        churn.add_principal(
            "bot", arn="arn:aws:sts::111122223333:assumed-role/Nobody/bot", role="Nobody"
        )
        churn.add_automation(
            "bot-acts",
            ON_APPROVAL,
            [
                {
                    "operation": "sagemaker:ListModelPackageGroups",
                    "params": {},
                }
            ],
            principal="bot",
        )
        arn = "arn:aws:sagemaker:us-east-1:111122223333:model-package/churn/1"
        outcome = churn.call_and_react(
            "UpdateModelPackage", {"ModelPackageArn": arn, "ModelApprovalStatus": "Approved"}
        )
        call = outcome.reactions[0].calls[0]
        assert call.error is not None and call.error.code == "AccessDeniedException"
        entry = churn.audit_log()[-1]
        assert (entry.principal, entry.outcome, entry.via) == ("bot", "Error", "bot-acts")
