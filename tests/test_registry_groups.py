"""Model package groups: create, describe, delete, and their tags."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from mlgov_sim.app import World
from mlgov_sim.core.errors import ConflictException, ValidationException

PREFIX = "arn:aws:sagemaker:us-east-1:111122223333"
GROUP_ARN = f"{PREFIX}:model-package-group/churn"


def create_group(world: World, name: str = "churn", **extra: Any) -> str:
    out = world.call("CreateModelPackageGroup", {"ModelPackageGroupName": name, **extra})
    return out["ModelPackageGroupArn"]


def create_version(world: World, group: str = "churn", **extra: Any) -> str:
    out = world.call("CreateModelPackage", {"ModelPackageGroupName": group, **extra})
    return out["ModelPackageArn"]


def tags(world: World, arn: str) -> list[dict[str, str]]:
    return world.call("ListTags", {"ResourceArn": arn}).get("Tags", [])


class TestCreate:
    def test_returns_the_group_arn(self, world: World) -> None:
        """CreateModelPackageGroup answers with the group's ARN in the caller's account/region."""
        assert create_group(world) == GROUP_ARN

    def test_name_keeps_its_case_in_the_arn(self, world: World) -> None:
        """A mixed-case name is not lower-cased in the ARN (AWS: UNCONFIRMED)."""
        assert create_group(world, "Churn-Model") == f"{PREFIX}:model-package-group/Churn-Model"

    def test_duplicate_name_is_a_validation_exception(self, world: World) -> None:
        """A second group of the same name is refused with AWS's 'already exists' text."""
        create_group(world)
        with pytest.raises(ValidationException) as caught:
            create_group(world)
        assert caught.value.code == "ValidationException"
        assert caught.value.message.startswith("Model Package Group already exists")
        assert caught.value.message == f"Model Package Group already exists: {GROUP_ARN}"

    def test_tags_given_at_creation_are_on_the_group(self, world: World) -> None:
        """Tags passed to CreateModelPackageGroup are listed by ListTags on the group."""
        arn = create_group(world, Tags=[{"Key": "owner", "Value": "risk"}])
        assert tags(world, arn) == [{"Key": "owner", "Value": "risk"}]

    def test_refused_create_leaves_no_group(self, world: World) -> None:
        """A create refused by its tags leaves no group behind."""
        with pytest.raises(ValidationException, match="reserved for AWS use"):
            create_group(world, Tags=[{"Key": "aws:owner", "Value": "x"}])
        with pytest.raises(ValidationException, match="does not exist"):
            world.call("DescribeModelPackageGroup", {"ModelPackageGroupName": "churn"})


class TestDescribe:
    def test_describes_every_field(self, world: World) -> None:
        """DescribeModelPackageGroup returns the name, ARN, description, time, creator, status."""
        create_group(world, ModelPackageGroupDescription="churn models")
        out = world.call("DescribeModelPackageGroup", {"ModelPackageGroupName": "churn"})
        assert out == {
            "ModelPackageGroupName": "churn",
            "ModelPackageGroupArn": GROUP_ARN,
            "ModelPackageGroupDescription": "churn models",
            "CreationTime": world.now,
            "CreatedBy": out["CreatedBy"],
            "ModelPackageGroupStatus": "Completed",
        }
        assert out["CreatedBy"]["IamIdentity"]["Arn"] == "arn:aws:iam::111122223333:user/admin"

    def test_creation_time_is_the_simulated_time_of_creation(self, world: World) -> None:
        """CreationTime is the clock at creation, not at description."""
        create_group(world)
        created = world.now
        world.advance(timedelta(hours=3))
        out = world.call("DescribeModelPackageGroup", {"ModelPackageGroupName": "churn"})
        assert out["CreationTime"] == created

    def test_by_arn(self, world: World) -> None:
        """A group can be described by its ARN as well as its name."""
        create_group(world)
        out = world.call("DescribeModelPackageGroup", {"ModelPackageGroupName": GROUP_ARN})
        assert out["ModelPackageGroupName"] == "churn"

    def test_missing_group_is_a_validation_exception(self, world: World) -> None:
        """A missing group is ValidationException '... does not exist.', not ResourceNotFound."""
        with pytest.raises(ValidationException) as caught:
            world.call("DescribeModelPackageGroup", {"ModelPackageGroupName": "churn"})
        assert caught.value.code == "ValidationException"
        assert caught.value.message == f"ModelPackageGroup {GROUP_ARN} does not exist."


class TestDelete:
    def test_deletes_an_empty_group(self, world: World) -> None:
        """An empty group is deleted and can no longer be described."""
        create_group(world)
        assert world.call("DeleteModelPackageGroup", {"ModelPackageGroupName": "churn"}) == {}
        with pytest.raises(ValidationException, match="does not exist"):
            world.call("DescribeModelPackageGroup", {"ModelPackageGroupName": "churn"})

    def test_deletes_by_arn(self, world: World) -> None:
        """DeleteModelPackageGroup takes the group's ARN."""
        create_group(world)
        world.call("DeleteModelPackageGroup", {"ModelPackageGroupName": GROUP_ARN})
        assert world.call("ListModelPackageGroups", {})["ModelPackageGroupSummaryList"] == []

    def test_missing_group_is_a_validation_exception(self, world: World) -> None:
        """Deleting a missing group is refused with '... does not exist.'."""
        with pytest.raises(ValidationException) as caught:
            world.call("DeleteModelPackageGroup", {"ModelPackageGroupName": "churn"})
        assert caught.value.message == f"ModelPackageGroup {GROUP_ARN} does not exist."

    def test_group_with_versions_is_a_conflict(self, world: World) -> None:
        """A group still holding versions is refused with ConflictException (AWS: UNCONFIRMED)."""
        create_group(world)
        create_version(world)
        create_version(world)
        with pytest.raises(ConflictException) as caught:
            world.call("DeleteModelPackageGroup", {"ModelPackageGroupName": "churn"})
        assert caught.value.code == "ConflictException"
        assert caught.value.message == (
            f"ModelPackageGroup {GROUP_ARN} cannot be deleted because it still contains "
            "model package versions (1, 2). Delete them with DeleteModelPackage first."
        )

    def test_group_can_be_deleted_once_its_versions_are(self, world: World) -> None:
        """After its versions are deleted, the group can be deleted."""
        create_group(world)
        version = create_version(world)
        world.call("DeleteModelPackage", {"ModelPackageName": version})
        world.call("DeleteModelPackageGroup", {"ModelPackageGroupName": "churn"})
        assert world.call("ListModelPackageGroups", {})["ModelPackageGroupSummaryList"] == []

    def test_deleting_drops_the_groups_tags(self, world: World) -> None:
        """A group re-created under a deleted one's name starts without its tags."""
        create_group(world, Tags=[{"Key": "owner", "Value": "risk"}])
        world.call("DeleteModelPackageGroup", {"ModelPackageGroupName": "churn"})
        arn = create_group(world)
        assert tags(world, arn) == []

    def test_recreated_group_numbers_versions_from_one(self, world: World) -> None:
        """A group re-created under a deleted one's name numbers from 1 (AWS: UNCONFIRMED)."""
        create_group(world)
        world.call("DeleteModelPackage", {"ModelPackageName": create_version(world)})
        world.call("DeleteModelPackageGroup", {"ModelPackageGroupName": "churn"})
        create_group(world)
        assert create_version(world) == f"{PREFIX}:model-package/churn/1"


class TestGroupTags:
    def test_add_tags_adds_and_overwrites(self, world: World) -> None:
        """AddTags adds new keys and overwrites existing ones, keeping the first-added order."""
        arn = create_group(world, Tags=[{"Key": "owner", "Value": "risk"}])
        out = world.call(
            "AddTags",
            {
                "ResourceArn": arn,
                "Tags": [{"Key": "cost", "Value": "ml"}, {"Key": "owner", "Value": "fraud"}],
            },
        )
        assert out == {"Tags": [{"Key": "cost", "Value": "ml"}, {"Key": "owner", "Value": "fraud"}]}
        assert tags(world, arn) == [
            {"Key": "owner", "Value": "fraud"},
            {"Key": "cost", "Value": "ml"},
        ]

    def test_delete_tags_removes_keys_and_ignores_absent_ones(self, world: World) -> None:
        """DeleteTags removes the named keys; a key the group lacks is ignored."""
        arn = create_group(
            world, Tags=[{"Key": "owner", "Value": "risk"}, {"Key": "cost", "Value": "ml"}]
        )
        world.call("DeleteTags", {"ResourceArn": arn, "TagKeys": ["owner", "absent"]})
        assert tags(world, arn) == [{"Key": "cost", "Value": "ml"}]

    def test_list_tags_of_an_untagged_group_is_empty(self, world: World) -> None:
        """An untagged group lists no tags."""
        assert tags(world, create_group(world)) == []

    def test_more_than_fifty_tags_in_all_are_refused(self, world: World) -> None:
        """AddTags refuses to take a group past 50 tags."""
        arn = create_group(world, Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(50)])
        with pytest.raises(ValidationException) as caught:
            world.call("AddTags", {"ResourceArn": arn, "Tags": [{"Key": "one-more", "Value": "v"}]})
        assert caught.value.message == f"A resource can have at most 50 tags; {arn} would have 51."

    def test_tags_of_a_missing_group_are_refused(self, world: World) -> None:
        """Tagging a group that does not exist is a ValidationException (text: UNCONFIRMED)."""
        with pytest.raises(ValidationException) as caught:
            world.call("ListTags", {"ResourceArn": GROUP_ARN})
        assert caught.value.message == f"Resource {GROUP_ARN} does not exist."
