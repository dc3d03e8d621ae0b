"""core.listeners: a service noticing its own events inside the call's transaction."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

from mlgov_sim.app import World
from mlgov_sim.core import listeners
from mlgov_sim.core.call import Call
from mlgov_sim.core.errors import ValidationException


@pytest.fixture
def seen() -> list[dict[str, Any]]:
    """Register a listener for the test's duration; it records what it was handed."""
    found: list[dict[str, Any]] = []

    def record(call: Call, event: dict[str, Any]) -> None:
        found.append(event)
        if event["detail"].get("ModelPackageVersion") == 2:
            # a listener's refusal is the call's: nothing of it remains
            raise ValidationException("listener refuses version 2")
        call.db.execute(text("SELECT 1"))

    pattern = {"detail-type": ["SageMaker Model Package State Change"]}
    listeners.listen(pattern, record)
    yield found
    listeners._LISTENERS.remove((pattern, record))


def test_listener_gets_the_event_in_the_call(world: World, seen: list[dict[str, Any]]) -> None:
    """A matching event reaches the listener with the id and time the bus stores."""
    world.call("CreateModelPackageGroup", {"ModelPackageGroupName": "g"})
    world.call("CreateModelPackage", {"ModelPackageGroupName": "g"})
    assert [e["id"] for e in seen] == [e["id"] for e in world.events()]


def test_listener_failure_rolls_the_call_back(world: World, seen: list[dict[str, Any]]) -> None:
    """When a listener refuses, the change that announced the event does not happen."""
    world.call("CreateModelPackageGroup", {"ModelPackageGroupName": "g"})
    world.call("CreateModelPackage", {"ModelPackageGroupName": "g"})
    with pytest.raises(ValidationException, match="listener refuses"):
        world.call("CreateModelPackage", {"ModelPackageGroupName": "g"})
    listed = world.call("ListModelPackages", {"ModelPackageGroupName": "g"})
    assert [v["ModelPackageVersion"] for v in listed["ModelPackageSummaryList"]] == [1]
    assert len(world.events()) == 1


@pytest.fixture
def echo() -> Any:
    """A listener that answers a version's event with one of its own (as a rollback would)."""
    pattern: dict[str, Any] = {"detail-type": ["SageMaker Model Package State Change"]}

    def answer(call: Call, event: dict[str, Any]) -> None:
        call.emit("test.echo", "Echo", {"of": event["id"]}, [])

    listeners.listen(pattern, answer)
    yield answer
    listeners._LISTENERS.remove((pattern, answer))


def test_listener_may_announce_events_of_its_own(world: World, echo: Any) -> None:
    """What a listener announces is stored after what set it off, and returned for automations."""
    world.call("CreateModelPackageGroup", {"ModelPackageGroupName": "g"})
    world.call("CreateModelPackage", {"ModelPackageGroupName": "g"})
    kinds = [(e["source"], e["detail-type"]) for e in world.events()]
    assert kinds == [
        ("aws.sagemaker", "SageMaker Model Package State Change"),
        ("test.echo", "Echo"),
    ]
    first, second = world.events()
    assert second["detail"] == {"of": first["id"]}


def test_listeners_that_keep_answering_each_other_are_stopped(world: World) -> None:
    """A listener answering its own event would never end; the call fails and leaves nothing."""
    pattern: dict[str, Any] = {"source": ["test.loop"]}

    def again(call: Call, event: dict[str, Any]) -> None:
        call.emit("test.loop", "Again", {}, [])

    def start(call: Call, event: dict[str, Any]) -> None:
        call.emit("test.loop", "Again", {}, [])

    first: dict[str, Any] = {"detail-type": ["SageMaker Model Package State Change"]}
    listeners.listen(pattern, again)
    listeners.listen(first, start)
    try:
        world.call("CreateModelPackageGroup", {"ModelPackageGroupName": "g"})
        with pytest.raises(Exception, match="still announcing after 10 rounds"):
            world.call("CreateModelPackage", {"ModelPackageGroupName": "g"})
    finally:
        listeners._LISTENERS.remove((pattern, again))
        listeners._LISTENERS.remove((first, start))
    assert world.events() == []
