"""UpdateModelPackage (approval, lifecycle, metadata) and the registry's EventBridge events."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from mlgov_sim.app import World
from mlgov_sim.core.errors import ValidationException

PREFIX = "arn:aws:sagemaker:us-east-1:111122223333"
V1 = f"{PREFIX}:model-package/churn/1"
SOLO = f"{PREFIX}:model-package/solo"
IMAGE = "111122223333.dkr.ecr.us-east-1.amazonaws.com/churn:1.0"
STATUSES = ["Approved", "Rejected", "PendingManualApproval"]
STATE_CHANGE = "SageMaker Model Package State Change"


def update(world: World, arn: str = V1, **fields: Any) -> dict[str, Any]:
    return world.call("UpdateModelPackage", {"ModelPackageArn": arn, **fields})


def describe(world: World, arn: str = V1) -> dict[str, Any]:
    return world.call("DescribeModelPackage", {"ModelPackageName": arn})


def refused(world: World, operation: str, params: dict[str, Any]) -> str:
    with pytest.raises(ValidationException) as caught:
        world.call(operation, params)
    assert caught.value.code == "ValidationException"
    return caught.value.message


@pytest.fixture
def version(world: World) -> World:
    """A world with group `churn` and its version 1, Pending, with two metadata entries."""
    world.call("CreateModelPackageGroup", {"ModelPackageGroupName": "churn"})
    world.call(
        "CreateModelPackage",
        {
            "ModelPackageGroupName": "churn",
            "CustomerMetadataProperties": {"team": "risk", "ticket": "ML-42"},
            "InferenceSpecification": {"Containers": [{"Image": IMAGE}]},
        },
    )
    return world


class TestApproval:
    @pytest.mark.parametrize(
        ("before", "after"), [(a, b) for a in STATUSES for b in STATUSES if a != b]
    )
    def test_every_transition_is_allowed(self, version: World, before: str, after: str) -> None:
        """Every change between the three statuses is accepted (back to Pending: UNCONFIRMED)."""
        if before != "PendingManualApproval":
            update(version, ModelApprovalStatus=before)
        assert update(version, ModelApprovalStatus=after) == {"ModelPackageArn": V1}
        assert describe(version)["ModelApprovalStatus"] == after

    def test_approval_description_is_kept(self, version: World) -> None:
        """ApprovalDescription given with a status change is described back."""
        update(version, ModelApprovalStatus="Rejected", ApprovalDescription="AUC below 0.8")
        out = describe(version)
        assert (out["ModelApprovalStatus"], out["ApprovalDescription"]) == (
            "Rejected",
            "AUC below 0.8",
        )

    def test_approval_description_alone_keeps_the_status(self, version: World) -> None:
        """Updating only ApprovalDescription leaves the status as it was."""
        update(version, ApprovalDescription="waiting for QA")
        out = describe(version)
        assert (out["ModelApprovalStatus"], out["ApprovalDescription"]) == (
            "PendingManualApproval",
            "waiting for QA",
        )

    def test_approval_description_over_1024_is_refused(self, version: World) -> None:
        """ApprovalDescription is limited to 1024 characters."""
        message = refused(
            version,
            "UpdateModelPackage",
            {"ModelPackageArn": V1, "ApprovalDescription": "x" * 1025},
        )
        assert message.endswith(
            "at 'approvalDescription' failed to satisfy constraint: "
            "Member must have length less than or equal to 1024"
        )

    def test_approval_of_an_unversioned_package_is_refused(self, version: World) -> None:
        """An unversioned package has no approval status to update (AWS: UNCONFIRMED)."""
        version.call("CreateModelPackage", {"ModelPackageName": "solo"})
        message = refused(
            version,
            "UpdateModelPackage",
            {"ModelPackageArn": SOLO, "ModelApprovalStatus": "Approved"},
        )
        assert message == (
            f"ModelApprovalStatus applies only to versioned model packages; {SOLO} is an "
            "unversioned model package (create it with ModelPackageGroupName to version it)."
        )

    def test_missing_package_is_refused(self, world: World) -> None:
        """Updating a missing version is ValidationException '... does not exist.'."""
        message = refused(
            world, "UpdateModelPackage", {"ModelPackageArn": V1, "ModelApprovalStatus": "Approved"}
        )
        assert message == f"ModelPackage {V1} does not exist."

    def test_refused_update_changes_nothing(self, version: World) -> None:
        """An update refused part-way leaves the version as it was."""
        message = refused(
            version,
            "UpdateModelPackage",
            {
                "ModelPackageArn": V1,
                "ModelApprovalStatus": "Approved",
                "CustomerMetadataProperties": {f"k{i}": "v" for i in range(49)},
            },
        )
        assert message == (
            "A model package can have at most 50 CustomerMetadataProperties; this update "
            "would leave 51."
        )
        assert describe(version)["ModelApprovalStatus"] == "PendingManualApproval"


class TestLifecycle:
    def test_lifecycle_is_set_by_update(self, version: World) -> None:
        """ModelLifeCycle given to UpdateModelPackage is described back."""
        lifecycle = {"Stage": "Production", "StageStatus": "Approved", "StageDescription": "go"}
        update(version, ModelLifeCycle=lifecycle)
        assert describe(version)["ModelLifeCycle"] == lifecycle

    def test_lifecycle_is_replaced_whole(self, version: World) -> None:
        """A new ModelLifeCycle replaces the old one, StageDescription included."""
        update(
            version,
            ModelLifeCycle={"Stage": "QA", "StageStatus": "OnHold", "StageDescription": "x"},
        )
        update(version, ModelLifeCycle={"Stage": "Production", "StageStatus": "InProgress"})
        assert describe(version)["ModelLifeCycle"] == {
            "Stage": "Production",
            "StageStatus": "InProgress",
        }

    def test_stage_is_free_form_but_patterned(self, version: World) -> None:
        """Stage has no enum, but must match botocore's name pattern."""
        update(version, ModelLifeCycle={"Stage": "Any-Stage-9", "StageStatus": "Whatever"})
        message = refused(
            version,
            "UpdateModelPackage",
            {"ModelPackageArn": V1, "ModelLifeCycle": {"Stage": "in prod", "StageStatus": "ok"}},
        )
        assert "Value 'in prod' at 'modelLifeCycle.stage'" in message

    def test_lifecycle_of_an_unversioned_package_is_updated(self, version: World) -> None:
        """UpdateModelPackage changes an unversioned package's lifecycle (AWS: UNCONFIRMED)."""
        version.call("CreateModelPackage", {"ModelPackageName": "solo"})
        update(version, SOLO, ModelLifeCycle={"Stage": "QA", "StageStatus": "InProgress"})
        assert describe(version, SOLO)["ModelLifeCycle"]["Stage"] == "QA"


class TestCustomerMetadata:
    def test_properties_are_merged(self, version: World) -> None:
        """New keys are added, existing keys overwritten, the others kept."""
        update(version, CustomerMetadataProperties={"ticket": "ML-43", "reviewer": "kim"})
        assert describe(version)["CustomerMetadataProperties"] == {
            "team": "risk",
            "ticket": "ML-43",
            "reviewer": "kim",
        }

    def test_properties_are_removed_by_key(self, version: World) -> None:
        """CustomerMetadataPropertiesToRemove deletes the named keys; absent keys are ignored."""
        update(version, CustomerMetadataPropertiesToRemove=["ticket", "absent"])
        assert describe(version)["CustomerMetadataProperties"] == {"team": "risk"}

    def test_removing_every_key_leaves_none(self, version: World) -> None:
        """Removing every key leaves no CustomerMetadataProperties at all."""
        update(version, CustomerMetadataPropertiesToRemove=["team", "ticket"])
        assert "CustomerMetadataProperties" not in describe(version)

    def test_merge_then_remove_in_one_request(self, version: World) -> None:
        """In one request, additions are merged before removals apply (AWS: UNCONFIRMED)."""
        update(
            version,
            CustomerMetadataProperties={"reviewer": "kim", "team": "fraud"},
            CustomerMetadataPropertiesToRemove=["team"],
        )
        assert describe(version)["CustomerMetadataProperties"] == {
            "ticket": "ML-42",
            "reviewer": "kim",
        }


class TestOtherFields:
    def test_additional_inference_specifications_are_appended(self, version: World) -> None:
        """AdditionalInferenceSpecificationsToAdd appends to the existing list."""
        spec = {"Name": "gpu", "Containers": [{"Image": IMAGE}]}
        update(version, AdditionalInferenceSpecificationsToAdd=[spec])
        update(version, AdditionalInferenceSpecificationsToAdd=[{**spec, "Name": "cpu"}])
        names = [s["Name"] for s in describe(version)["AdditionalInferenceSpecifications"]]
        assert names == ["gpu", "cpu"]

    def test_more_than_fifteen_additional_specifications_are_refused(self, version: World) -> None:
        """A version holds at most 15 additional inference specifications in all."""
        specs = [{"Name": f"s{i}", "Containers": [{"Image": IMAGE}]} for i in range(15)]
        update(version, AdditionalInferenceSpecificationsToAdd=specs)
        message = refused(
            version,
            "UpdateModelPackage",
            {"ModelPackageArn": V1, "AdditionalInferenceSpecificationsToAdd": specs[:1]},
        )
        assert message == (
            f"A model package can have at most 15 additional inference specifications; {V1} "
            "has 15 and 1 were added."
        )

    def test_last_modified_is_set_by_a_change(self, version: World) -> None:
        """A change stamps LastModifiedTime (the simulated clock) and LastModifiedBy."""
        version.advance(timedelta(hours=2))
        update(version, ModelApprovalStatus="Approved")
        out = describe(version)
        assert out["LastModifiedTime"] == version.now
        assert out["LastModifiedTime"] > out["CreationTime"]
        assert out["LastModifiedBy"]["IamIdentity"]["Arn"] == "arn:aws:iam::111122223333:user/admin"

    def test_no_op_update_changes_nothing(self, version: World) -> None:
        """An update that sets what is already there leaves LastModifiedTime unset."""
        update(version, ModelApprovalStatus="PendingManualApproval")
        assert "LastModifiedTime" not in describe(version)


def events(world: World) -> list[dict[str, Any]]:
    return world.events()


class TestEvents:
    def test_create_announces_one_state_change(self, version: World) -> None:
        """Creating a version puts one 'Model Package State Change' event on the bus."""
        [event] = events(version)
        assert {k: event[k] for k in ("version", "detail-type", "source", "account", "region")} == {
            "version": "0",
            "detail-type": STATE_CHANGE,
            "source": "aws.sagemaker",
            "account": "111122223333",
            "region": "us-east-1",
        }
        assert event["resources"] == [V1]
        assert event["time"] == "2025-01-01T09:00:00Z"

    def test_create_event_detail(self, version: World) -> None:
        """The create event's detail carries the version, its status and no updated fields."""
        detail = events(version)[0]["detail"]
        assert detail["ModelPackageGroupName"] == "churn"
        assert detail["ModelPackageVersion"] == 1
        assert detail["ModelPackageArn"] == V1
        assert detail["ModelApprovalStatus"] == "PendingManualApproval"
        assert detail["ModelPackageStatus"] == "Completed"
        assert detail["CreationTime"] == "2025-01-01T09:00:00Z"
        assert detail["ModelPackageStatusDetails"] == {
            "ValidationStatuses": [],
            "ImageScanStatuses": [],
        }
        assert "UpdatedModelPackageFields" not in detail

    def test_unversioned_create_is_announced(self, world: World) -> None:
        """Creating an unversioned package announces it too, without group or version."""
        world.call("CreateModelPackage", {"ModelPackageName": "solo"})
        [event] = events(world)
        assert event["resources"] == [SOLO]
        assert {"ModelPackageGroupName", "ModelPackageVersion"}.isdisjoint(event["detail"])

    @pytest.mark.parametrize(
        ("fields", "announced"),
        [
            ({"ModelApprovalStatus": "Approved"}, ["ModelApprovalStatus"]),
            ({"ApprovalDescription": "ok"}, ["ApprovalDescription"]),
            ({"ModelLifeCycle": {"Stage": "QA", "StageStatus": "InProgress"}}, ["ModelLifeCycle"]),
            ({"CustomerMetadataProperties": {"a": "b"}}, ["CustomerMetadataProperties"]),
            ({"CustomerMetadataPropertiesToRemove": ["team"]}, ["CustomerMetadataProperties"]),
            ({"SourceUri": "s3://models/churn/v2.tar.gz"}, ["sourceUri"]),
            (
                {"InferenceSpecification": {"Containers": [{"Image": "x:2"}]}},
                ["InferenceSpecification"],
            ),
            ({"ModelPackageRegistrationType": "Logged"}, ["ModelPackageRegistrationType"]),
            (
                {"ModelCard": {"ModelCardContent": "{}", "ModelCardStatus": "Draft"}},
                ["ModelCard"],
            ),
            (
                {
                    "AdditionalInferenceSpecificationsToAdd": [
                        {"Name": "g", "Containers": [{"Image": "x"}]}
                    ]
                },
                ["AdditionalInferenceSpecificationsToAdd"],
            ),
        ],
    )
    def test_each_update_names_the_changed_field(
        self, version: World, fields: dict[str, Any], announced: list[str]
    ) -> None:
        """Each kind of update announces one event naming what changed, AWS's spelling."""
        update(version, **fields)
        assert len(events(version)) == 2
        event = events(version)[-1]
        assert event["detail-type"] == STATE_CHANGE
        assert event["resources"] == [V1]
        assert event["detail"]["UpdatedModelPackageFields"] == announced

    def test_one_update_of_several_fields_is_one_event(self, version: World) -> None:
        """An update changing several fields announces one event listing them all."""
        update(
            version,
            ModelApprovalStatus="Approved",
            ApprovalDescription="ok",
            ModelLifeCycle={"Stage": "Production", "StageStatus": "Approved"},
        )
        [_, event] = events(version)
        assert event["detail"]["UpdatedModelPackageFields"] == [
            "ModelApprovalStatus",
            "ApprovalDescription",
            "ModelLifeCycle",
        ]

    def test_update_event_carries_the_new_state(self, version: World) -> None:
        """The update event's detail shows the state after the change, and when it happened."""
        version.advance(timedelta(minutes=5))
        update(version, ModelApprovalStatus="Rejected", ApprovalDescription="drift")
        event = events(version)[-1]
        detail = event["detail"]
        assert (detail["ModelApprovalStatus"], detail["ApprovalDescription"]) == (
            "Rejected",
            "drift",
        )
        assert detail["LastModifiedTime"] == event["time"] == "2025-01-01T09:05:00Z"

    @pytest.mark.parametrize(
        "fields",
        [
            {"ModelApprovalStatus": "PendingManualApproval"},
            {"CustomerMetadataProperties": {"team": "risk"}},
            {"CustomerMetadataPropertiesToRemove": ["absent"]},
            {},
        ],
    )
    def test_no_op_update_announces_nothing(self, version: World, fields: dict[str, Any]) -> None:
        """An update that changes nothing puts no event on the bus."""
        update(version, **fields)
        assert len(events(version)) == 1

    def test_groups_announce_nothing(self, world: World) -> None:
        """Creating, tagging and deleting a group puts no event on the bus, as on AWS."""
        world.call("CreateModelPackageGroup", {"ModelPackageGroupName": "churn"})
        world.call(
            "AddTags",
            {
                "ResourceArn": f"{PREFIX}:model-package-group/churn",
                "Tags": [{"Key": "k", "Value": "v"}],
            },
        )
        world.call("DeleteModelPackageGroup", {"ModelPackageGroupName": "churn"})
        assert events(world) == []

    def test_refused_call_announces_nothing(self, version: World) -> None:
        """A refused update announces nothing."""
        with pytest.raises(ValidationException):
            update(
                version,
                ModelApprovalStatus="Approved",
                CustomerMetadataProperties={f"k{i}": "v" for i in range(49)},
            )
        assert len(events(version)) == 1

    def test_idempotent_retry_announces_nothing(self, version: World) -> None:
        """A ClientToken retry returns the first version without a second event."""
        params = {"ModelPackageGroupName": "churn", "ClientToken": "build-1"}
        version.call("CreateModelPackage", params)
        version.call("CreateModelPackage", params)
        assert len(events(version)) == 2

    def test_delete_announces_nothing(self, version: World) -> None:
        """Deleting a version announces nothing (AWS: UNCONFIRMED)."""
        version.call("DeleteModelPackage", {"ModelPackageName": V1})
        assert len(events(version)) == 1
