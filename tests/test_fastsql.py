"""core.fastsql: statements run on the call's cursor store what Connection.execute stores."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event

from mlgov_sim.app import World
from mlgov_sim.core.errors import ServiceError

SPEC = {
    "Containers": [
        {"Image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/m:1", "ModelDataUrl": "s3://b/m"}
    ],
    "SupportedContentTypes": ["text/csv"],
    "SupportedResponseMIMETypes": ["text/csv"],
}


def _exercise(world: World) -> None:
    """Versions with lineage, a retry, refusals, an approval, a timer-free advance."""
    world.call("CreateModelPackageGroup", {"ModelPackageGroupName": "g"})
    for number in range(3):
        world.call(
            "CreateModelPackage",
            {
                "ModelPackageGroupName": "g",
                "InferenceSpecification": SPEC,
                "CustomerMetadataProperties": {"n": str(number)},
            },
        )
    for _ in range(2):
        world.call("CreateModelPackage", {"ModelPackageGroupName": "g", "ClientToken": "t"})
    with pytest.raises(ServiceError):
        world.call("CreateModelPackage", {"ModelPackageGroupName": "missing"})
    arn = world.call("DescribeModelPackage", {"ModelPackageName": "g/1"})["ModelPackageArn"]
    world.call("UpdateModelPackage", {"ModelPackageArn": arn, "ModelApprovalStatus": "Approved"})
    world.call("CreateModelPackage", {"ModelPackageName": "solo"})
    world.advance(timedelta(hours=1))
    world.call("CreateModelPackage", {"ModelPackageGroupName": "g"})


def _data(world: World) -> list[str]:
    connection = world.engine.raw_connection()
    try:
        return [line for line in connection.driver_connection.iterdump() if "INSERT" in line]
    finally:
        connection.close()


def test_fast_path_stores_what_connection_execute_stores() -> None:
    fast, slow = World.create(), World.create()
    seen: list[Any] = []

    def watch(*args: Any) -> None:  # any listener sends every statement through SQLAlchemy
        seen.append(args)

    event.listen(slow.engine, "before_cursor_execute", watch)
    _exercise(fast)
    _exercise(slow)
    assert seen
    assert _data(fast) == _data(slow)
    assert fast.events() == slow.events()
