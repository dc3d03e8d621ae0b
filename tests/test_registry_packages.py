"""Model packages: versioned and unversioned creation, numbering, describe, delete, tags."""

from __future__ import annotations

from typing import Any

import pytest

from mlgov_sim.app import World
from mlgov_sim.core.errors import ValidationException

PREFIX = "arn:aws:sagemaker:us-east-1:111122223333"
GROUP_ARN = f"{PREFIX}:model-package-group/churn"
IMAGE = "111122223333.dkr.ecr.us-east-1.amazonaws.com/churn:1.0"
INFERENCE = {
    "Containers": [{"Image": IMAGE, "ModelDataUrl": "s3://models/churn/model.tar.gz"}],
    "SupportedContentTypes": ["text/csv"],
    "SupportedResponseMIMETypes": ["text/csv"],
}


def version_arn(number: int, group: str = "churn") -> str:
    return f"{PREFIX}:model-package/{group}/{number}"


def create_group(world: World, name: str = "churn") -> str:
    out = world.call("CreateModelPackageGroup", {"ModelPackageGroupName": name})
    return out["ModelPackageGroupArn"]


def create_version(world: World, group: str = "churn", **extra: Any) -> str:
    out = world.call("CreateModelPackage", {"ModelPackageGroupName": group, **extra})
    return out["ModelPackageArn"]


def create_unversioned(world: World, name: str = "solo", **extra: Any) -> str:
    out = world.call("CreateModelPackage", {"ModelPackageName": name, **extra})
    return out["ModelPackageArn"]


def describe(world: World, reference: str) -> dict[str, Any]:
    return world.call("DescribeModelPackage", {"ModelPackageName": reference})


def refused(world: World, operation: str, params: dict[str, Any]) -> ValidationException:
    with pytest.raises(ValidationException) as caught:
        world.call(operation, params)
    assert caught.value.code == "ValidationException"
    return caught.value


def tags(world: World, arn: str) -> list[dict[str, str]]:
    return world.call("ListTags", {"ResourceArn": arn}).get("Tags", [])


@pytest.fixture
def group(world: World) -> World:
    """A world holding the empty group `churn`."""
    create_group(world)
    return world


class TestVersionNumbers:
    def test_versions_are_numbered_from_one(self, group: World) -> None:
        """The first three versions of a group are 1, 2 and 3."""
        assert [create_version(group) for _ in range(3)] == [version_arn(n) for n in (1, 2, 3)]

    def test_each_group_numbers_its_own_versions(self, group: World) -> None:
        """Numbering is per group: a second group starts again at 1."""
        create_version(group)
        create_version(group)
        create_group(group, "fraud")
        assert create_version(group, "fraud") == version_arn(1, "fraud")
        assert create_version(group) == version_arn(3)

    def test_a_deleted_versions_number_is_never_reused(self, group: World) -> None:
        """Deleting versions, the latest included, never frees their numbers (AWS: UNCONFIRMED)."""
        for _ in range(3):
            create_version(group)
        group.call("DeleteModelPackage", {"ModelPackageName": version_arn(2)})
        group.call("DeleteModelPackage", {"ModelPackageName": version_arn(3)})
        assert create_version(group) == version_arn(4)

    def test_describe_reports_the_version_number(self, group: World) -> None:
        """DescribeModelPackage reports ModelPackageVersion and ModelPackageGroupName."""
        create_version(group)
        out = describe(group, version_arn(1))
        assert (out["ModelPackageGroupName"], out["ModelPackageVersion"]) == ("churn", 1)

    def test_group_named_by_arn(self, group: World) -> None:
        """ModelPackageGroupName may be the group's ARN (as cross-account registration does)."""
        assert create_version(group, GROUP_ARN) == version_arn(1)


class TestVersionedOrUnversioned:
    def test_both_names_are_refused(self, group: World) -> None:
        """Naming both a package and a group is refused in AWS's words."""
        error = refused(
            group,
            "CreateModelPackage",
            {"ModelPackageGroupName": "churn", "ModelPackageName": "solo"},
        )
        assert error.message == (
            "Both ModelPackageName and ModelPackageGroupName are provided in the input. "
            "Cannot determine which one to use."
        )

    def test_neither_name_is_refused(self, world: World) -> None:
        """Naming neither a package nor a group is refused with 'Missing ARN.'."""
        assert refused(world, "CreateModelPackage", {}).message == "Missing ARN."

    def test_missing_group_is_refused(self, world: World) -> None:
        """A version for a missing group is refused: '... does not exist.' (text UNCONFIRMED)."""
        error = refused(world, "CreateModelPackage", {"ModelPackageGroupName": "churn"})
        assert error.message == f"ModelPackageGroup {GROUP_ARN} does not exist."

    def test_unversioned_package_has_a_plain_arn(self, world: World) -> None:
        """ModelPackageName alone creates an unversioned package at model-package/<name>."""
        assert create_unversioned(world) == f"{PREFIX}:model-package/solo"

    def test_unversioned_package_has_no_group_version_or_approval(self, world: World) -> None:
        """An unversioned package describes with no group, version or approval status."""
        out = describe(world, create_unversioned(world))
        assert out["ModelPackageName"] == "solo"
        assert {"ModelPackageGroupName", "ModelPackageVersion", "ModelApprovalStatus"}.isdisjoint(
            out
        )

    def test_unversioned_name_taken_twice_is_refused(self, world: World) -> None:
        """A second unversioned package of the same name is refused (text: UNCONFIRMED)."""
        arn = create_unversioned(world)
        error = refused(world, "CreateModelPackage", {"ModelPackageName": "solo"})
        assert error.message == f"ModelPackage {arn} already exists."

    def test_approval_status_is_refused_for_unversioned(self, world: World) -> None:
        """ModelApprovalStatus with ModelPackageName is refused (AWS says n/a; UNCONFIRMED)."""
        error = refused(
            world,
            "CreateModelPackage",
            {"ModelPackageName": "solo", "ModelApprovalStatus": "Approved"},
        )
        assert error.message == (
            f"ModelApprovalStatus applies only to versioned model packages; {PREFIX}:"
            "model-package/solo is an unversioned model package (create it with "
            "ModelPackageGroupName to version it)."
        )


class TestCreateFields:
    def test_default_approval_is_pending_manual_approval(self, group: World) -> None:
        """A version created without a status is PendingManualApproval (AWS: UNCONFIRMED)."""
        assert describe(group, create_version(group))["ModelApprovalStatus"] == (
            "PendingManualApproval"
        )

    @pytest.mark.parametrize("status", ["Approved", "Rejected", "PendingManualApproval"])
    def test_approval_given_at_creation_is_kept(self, group: World, status: str) -> None:
        """A status given to CreateModelPackage is the version's status."""
        arn = create_version(group, ModelApprovalStatus=status)
        assert describe(group, arn)["ModelApprovalStatus"] == status

    def test_model_lifecycle_is_set_on_create(self, group: World) -> None:
        """ModelLifeCycle given at creation is described back."""
        lifecycle = {
            "Stage": "Development",
            "StageStatus": "InProgress",
            "StageDescription": "first cut",
        }
        arn = create_version(group, ModelLifeCycle=lifecycle)
        assert describe(group, arn)["ModelLifeCycle"] == lifecycle

    def test_model_lifecycle_missing_stage_status_is_refused(self, group: World) -> None:
        """ModelLifeCycle needs both Stage and StageStatus."""
        error = refused(
            group,
            "CreateModelPackage",
            {"ModelPackageGroupName": "churn", "ModelLifeCycle": {"Stage": "Development"}},
        )
        assert error.message == (
            "1 validation error detected: Value null at 'modelLifeCycle.stageStatus' failed "
            "to satisfy constraint: Member must not be null"
        )

    def test_spec_fields_are_described_as_given(self, group: World) -> None:
        """InferenceSpecification, metadata and metrics come back exactly as registered."""
        given = {
            "ModelPackageDescription": "gbm",
            "InferenceSpecification": INFERENCE,
            "MetadataProperties": {"CommitId": "abc123"},
            "ModelMetrics": {
                "ModelQuality": {
                    "Statistics": {"ContentType": "application/json", "S3Uri": "s3://m/s.json"}
                }
            },
            "CustomerMetadataProperties": {"team": "risk"},
            "Domain": "MACHINE_LEARNING",
            "Task": "CLASSIFICATION",
        }
        out = describe(group, create_version(group, **given))
        assert {key: out[key] for key in given} == given

    def test_new_version_is_completed_with_no_pending_checks(self, group: World) -> None:
        """A new version is Completed, with empty status details when nothing is validated."""
        out = describe(group, create_version(group))
        assert out["ModelPackageStatus"] == "Completed"
        assert out["ModelPackageStatusDetails"] == {
            "ValidationStatuses": [],
            "ImageScanStatuses": [],
        }
        assert out["CreationTime"] == group.now
        assert "LastModifiedTime" not in out

    def test_tags_are_refused_with_a_group(self, group: World) -> None:
        """Tags with ModelPackageGroupName are refused: a version uses its group's tags."""
        error = refused(
            group,
            "CreateModelPackage",
            {"ModelPackageGroupName": "churn", "Tags": [{"Key": "owner", "Value": "risk"}]},
        )
        assert error.message == (
            "Tags cannot be supplied with ModelPackageGroupName: a model package version "
            "uses the tags of its model package group. Tag the group, or describe the version "
            "with CustomerMetadataProperties."
        )
        assert (
            group.call("ListModelPackages", {"ModelPackageGroupName": "churn"})[
                "ModelPackageSummaryList"
            ]
            == []
        )

    def test_tags_are_kept_on_an_unversioned_package(self, world: World) -> None:
        """Tags with ModelPackageName are the unversioned package's tags."""
        arn = create_unversioned(world, Tags=[{"Key": "owner", "Value": "risk"}])
        assert tags(world, arn) == [{"Key": "owner", "Value": "risk"}]


class TestClientToken:
    def test_repeated_token_returns_the_same_version(self, group: World) -> None:
        """A retry with the same ClientToken returns the first version and creates none."""
        first = create_version(group, ClientToken="build-17")
        assert create_version(group, ClientToken="build-17") == first
        listed = group.call("ListModelPackages", {"ModelPackageGroupName": "churn"})
        assert [s["ModelPackageArn"] for s in listed["ModelPackageSummaryList"]] == [first]

    def test_another_token_creates_another_version(self, group: World) -> None:
        """A different ClientToken is a different request."""
        create_version(group, ClientToken="build-17")
        assert create_version(group, ClientToken="build-18") == version_arn(2)

    def test_tokens_are_per_group(self, group: World) -> None:
        """The same token in another group creates a version there."""
        create_version(group, ClientToken="build-17")
        create_group(group, "fraud")
        assert create_version(group, "fraud", ClientToken="build-17") == version_arn(1, "fraud")

    def test_repeated_token_returns_the_same_unversioned_package(self, world: World) -> None:
        """A retry of an unversioned create with the same ClientToken returns its ARN."""
        first = create_unversioned(world, ClientToken="once")
        assert create_unversioned(world, ClientToken="once") == first


class TestDescribe:
    def test_by_group_and_version(self, group: World) -> None:
        """A version is found by `group/version`."""
        create_version(group)
        assert describe(group, "churn/1")["ModelPackageArn"] == version_arn(1)

    def test_by_arn(self, group: World) -> None:
        """A version is found by its ARN."""
        create_version(group)
        assert describe(group, version_arn(1))["ModelPackageVersion"] == 1

    def test_unversioned_by_name(self, world: World) -> None:
        """An unversioned package is found by its name."""
        arn = create_unversioned(world)
        assert describe(world, "solo")["ModelPackageArn"] == arn

    def test_versions_name_is_its_groups(self, group: World) -> None:
        """A version's ModelPackageName is its group's name (AWS: UNCONFIRMED, moto agrees)."""
        create_version(group)
        assert describe(group, "churn/1")["ModelPackageName"] == "churn"

    @pytest.mark.parametrize("reference", ["churn/7", "solo", f"{PREFIX}:model-package/churn/7"])
    def test_missing_package_is_a_validation_exception(self, group: World, reference: str) -> None:
        """A missing package is ValidationException 'ModelPackage <arn> does not exist.'."""
        arn = reference if reference.startswith("arn:") else f"{PREFIX}:model-package/{reference}"
        error = refused(group, "DescribeModelPackage", {"ModelPackageName": reference})
        assert error.message == f"ModelPackage {arn} does not exist."

    def test_validation_profiles_appear_in_status_details(self, group: World) -> None:
        """Each validation profile is reported Completed in ValidationStatuses."""
        arn = create_version(
            group,
            InferenceSpecification=INFERENCE,
            ValidationSpecification={
                "ValidationRole": "arn:aws:iam::111122223333:role/validator",
                "ValidationProfiles": [
                    {
                        "ProfileName": "smoke",
                        "TransformJobDefinition": {
                            "TransformInput": {
                                "DataSource": {
                                    "S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://d/in"}
                                }
                            },
                            "TransformOutput": {"S3OutputPath": "s3://d/out"},
                            "TransformResources": {
                                "InstanceType": "ml.m5.large",
                                "InstanceCount": 1,
                            },
                        },
                    }
                ],
            },
        )
        assert describe(group, arn)["ModelPackageStatusDetails"]["ValidationStatuses"] == [
            {"Name": "smoke", "Status": "Completed"}
        ]


class TestDelete:
    def test_deleted_version_is_gone(self, group: World) -> None:
        """A deleted version can no longer be described."""
        arn = create_version(group)
        assert group.call("DeleteModelPackage", {"ModelPackageName": "churn/1"}) == {}
        error = refused(group, "DescribeModelPackage", {"ModelPackageName": arn})
        assert error.message == f"ModelPackage {arn} does not exist."

    def test_unversioned_package_by_name(self, world: World) -> None:
        """An unversioned package is deleted by its name."""
        create_unversioned(world)
        world.call("DeleteModelPackage", {"ModelPackageName": "solo"})
        assert world.call("ListModelPackages", {})["ModelPackageSummaryList"] == []

    def test_missing_package_is_a_validation_exception(self, group: World) -> None:
        """Deleting a missing package is refused with '... does not exist.'."""
        error = refused(group, "DeleteModelPackage", {"ModelPackageName": "churn/1"})
        assert error.message == f"ModelPackage {version_arn(1)} does not exist."

    def test_other_versions_are_untouched(self, group: World) -> None:
        """Deleting one version leaves its siblings as they were."""
        create_version(group)
        create_version(group, ModelApprovalStatus="Approved")
        group.call("DeleteModelPackage", {"ModelPackageName": "churn/1"})
        assert describe(group, "churn/2")["ModelApprovalStatus"] == "Approved"


class TestPackageTags:
    @pytest.mark.parametrize("operation", ["AddTags", "DeleteTags"])
    def test_version_cannot_be_tagged(self, group: World, operation: str) -> None:
        """Tagging a version is refused: versions use their group's tags (AWS registry FAQ)."""
        arn = create_version(group)
        params: dict[str, Any] = {"ResourceArn": arn}
        if operation == "AddTags":
            params["Tags"] = [{"Key": "stage", "Value": "qa"}]
        else:
            params["TagKeys"] = ["stage"]
        error = refused(group, operation, params)
        assert error.message == (
            f"{arn} is a model package version, which does not support tags: it uses the "
            f"tags of its model package group ({GROUP_ARN}). Tag the group, or describe the "
            "version with CustomerMetadataProperties."
        )

    def test_version_lists_its_groups_tags(self, group: World) -> None:
        """ListTags on a version lists the tags of its group, which the version uses."""
        arn = create_version(group)
        group.call("AddTags", {"ResourceArn": GROUP_ARN, "Tags": [{"Key": "o", "Value": "r"}]})
        assert tags(group, arn) == [{"Key": "o", "Value": "r"}]

    def test_unversioned_package_tags(self, world: World) -> None:
        """AddTags, ListTags and DeleteTags work on an unversioned package."""
        arn = create_unversioned(world, Tags=[{"Key": "owner", "Value": "risk"}])
        world.call("AddTags", {"ResourceArn": arn, "Tags": [{"Key": "cost", "Value": "ml"}]})
        world.call("DeleteTags", {"ResourceArn": arn, "TagKeys": ["owner"]})
        assert tags(world, arn) == [{"Key": "cost", "Value": "ml"}]

    def test_deleting_a_package_drops_its_tags(self, world: World) -> None:
        """A package re-created under a deleted one's name starts untagged."""
        create_unversioned(world, Tags=[{"Key": "owner", "Value": "risk"}])
        world.call("DeleteModelPackage", {"ModelPackageName": "solo"})
        assert tags(world, create_unversioned(world)) == []

    @pytest.mark.parametrize("operation", ["AddTags", "ListTags", "DeleteTags"])
    def test_missing_package_is_refused(self, world: World, operation: str) -> None:
        """Tag operations on a missing package are refused (text: UNCONFIRMED)."""
        arn = version_arn(1)
        params: dict[str, Any] = {"ResourceArn": arn}
        if operation == "AddTags":
            params["Tags"] = [{"Key": "k", "Value": "v"}]
        if operation == "DeleteTags":
            params["TagKeys"] = ["k"]
        error = refused(world, operation, params)
        assert error.message == f"Resource {arn} does not exist."

    def test_untaggable_arn_is_refused(self, world: World) -> None:
        """An ARN of a kind the simulator cannot tag is refused."""
        arn = f"{PREFIX}:no-such-kind/x"
        error = refused(world, "ListTags", {"ResourceArn": arn})
        assert error.message == f"{arn} is not the ARN of a taggable SageMaker resource."
