"""The registry's fast paths (one-statement version numbers, index-only listing) change nothing."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import SQLModel

from mlgov_sim.app import World
from mlgov_sim.core.errors import ValidationException

GROUP = "churn"


def create(world: World, **extra: Any) -> str:
    params = {"ModelPackageGroupName": GROUP, **extra}
    return world.call("CreateModelPackage", params)["ModelPackageArn"]


def numbering(world: World) -> list[Any]:
    """Creates, retries, deletes and refusals; what each answered."""
    world.call("CreateModelPackageGroup", {"ModelPackageGroupName": GROUP})
    answers: list[Any] = [create(world), create(world, ClientToken="t1")]
    answers.append(create(world, ClientToken="t1"))  # a retry: the same version
    answers.append(create(world))
    world.call("DeleteModelPackage", {"ModelPackageName": f"{GROUP}/3"})
    answers.append(create(world))  # 3 is never given again
    for params in (
        {"ModelPackageGroupName": "missing"},
        {"ModelPackageGroupName": "missing", "ClientToken": "t1"},
        {"ModelPackageGroupName": "missing", "Tags": [{"Key": "k", "Value": "v"}]},
        {"ModelPackageGroupName": GROUP, "Tags": [{"Key": "k", "Value": "v"}]},
    ):
        with pytest.raises(ValidationException) as caught:
            world.call("CreateModelPackage", params)
        answers.append(caught.value.message)
    answers.append(create(world))
    return answers


def contents(world: World) -> dict[str, list[tuple[Any, ...]]]:
    with world.engine.connect() as connection:
        return {
            table.name: [tuple(row) for row in connection.execute(table.select())]
            for table in SQLModel.metadata.sorted_tables
        }


class TestVersionNumbers:
    def test_a_retry_and_a_refusal_take_no_number(self, world: World) -> None:
        """Numbers go to versions made: not to a ClientToken retry, nor to a refused create."""
        answers = numbering(world)
        assert [arn.rsplit("/", 1)[1] for arn in answers[:5]] == ["1", "2", "2", "3", "4"]
        missing = "arn:aws:sagemaker:us-east-1:111122223333:model-package-group/missing"
        assert answers[5:8] == [f"ModelPackageGroup {missing} does not exist."] * 3
        assert answers[8].startswith("Tags cannot be supplied with ModelPackageGroupName")
        assert answers[9].endswith("/churn/5")

    def test_databases_without_update_returning_number_the_same(self, world: World) -> None:
        """Where UPDATE ... RETURNING is missing, a SELECT and an UPDATE give the same result."""
        plain = World.create()
        plain.engine.dialect.update_returning = False
        assert numbering(plain) == numbering(world)
        assert contents(plain) == contents(world)


class TestListingAGroup:
    @pytest.fixture
    def versions(self, world: World) -> World:
        world.call("CreateModelPackageGroup", {"ModelPackageGroupName": GROUP})
        world.call("CreateModelPackage", {"ModelPackageName": "solo"})
        for _ in range(5):
            create(world)
        return world

    @pytest.mark.parametrize(
        ("kind", "count"), [(None, 5), ("Versioned", 5), ("Both", 5), ("Unversioned", 0)]
    )
    def test_a_group_lists_its_versions_only(self, versions: World, kind: str, count: int) -> None:
        """A group's listing holds its versions whatever the type asked; unversioned, none."""
        params: dict[str, Any] = {"ModelPackageGroupName": GROUP, "MaxResults": 2}
        if kind:
            params["ModelPackageType"] = kind
        arns: list[str] = []
        while True:
            page = versions.call("ListModelPackages", params)
            arns += [s["ModelPackageArn"] for s in page["ModelPackageSummaryList"]]
            if not page.get("NextToken"):
                break
            params["NextToken"] = page["NextToken"]
        assert [arn.rsplit("/", 1)[1] for arn in arns] == [str(n) for n in range(1, count + 1)]
