"""The fast call path keeps World.call's promises: one transaction, any database, same results."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlmodel import SQLModel

from mlgov_sim.app import World
from mlgov_sim.core.call import Call
from mlgov_sim.core.errors import ValidationException
from mlgov_sim.core.ops import OPERATIONS, operation
from mlgov_sim.core.state import PrincipalRow, WorldRow


@pytest.fixture
def session_ops() -> Iterator[None]:
    """Two throwaway operations that write through the ORM session; removed afterwards."""

    def write(call: Call, params: dict[str, Any]) -> None:
        """Writes a principal through call.session."""
        call.session.add(PrincipalRow(name="via-session", account=call.account, arn="arn:x"))

    def write_then_fail(call: Call, params: dict[str, Any]) -> None:
        """Writes a principal through call.session, flushes, then refuses."""
        call.session.add(PrincipalRow(name="doomed", account=call.account, arn="arn:y"))
        call.session.flush()
        raise ValidationException("refused after writing")

    operation("perftest:Write")(write)
    operation("perftest:WriteThenFail")(write_then_fail)
    yield
    OPERATIONS.pop("perftest:Write")
    OPERATIONS.pop("perftest:WriteThenFail")


def names(world: World) -> list[str]:
    return [row.name for row in world.principals()]


class TestSessionPath:
    def test_orm_writes_commit_with_the_call(self, world: World, session_ops: None) -> None:
        """What a handler adds to call.session is stored, with the call's audit entry."""
        world.call("perftest:Write")
        assert "via-session" in names(world)
        assert world.audit_log()[-1].operation == "perftest:Write"

    def test_orm_writes_of_a_failed_call_are_rolled_back(
        self, world: World, session_ops: None
    ) -> None:
        """A flushed ORM write of a refused call does not remain; the refusal is audited."""
        with pytest.raises(ValidationException, match="refused after writing"):
            world.call("perftest:WriteThenFail")
        assert "doomed" not in names(world)
        entry = world.audit_log()[-1]
        assert (entry.operation, entry.outcome) == ("perftest:WriteThenFail", "Error")


def exercise(world: World) -> list[Any]:
    """A few calls of every kind; what they answered."""
    answers: list[Any] = [
        world.call(
            "CreateModelPackageGroup",
            {"ModelPackageGroupName": "churn", "Tags": [{"Key": "team", "Value": "ml"}]},
        )
    ]
    for status in ("Approved", None, "Rejected"):
        params = {"ModelPackageGroupName": "churn"}
        if status:
            params["ModelApprovalStatus"] = status
        answers.append(world.call("CreateModelPackage", params))
    arn = answers[1]["ModelPackageArn"]
    answers.append(
        world.call(
            "UpdateModelPackage", {"ModelPackageArn": arn, "ModelApprovalStatus": "Rejected"}
        )
    )
    answers.append(world.call("DescribeModelPackage", {"ModelPackageName": "churn/1"}))
    answers.append(
        world.call("ListModelPackages", {"ModelPackageGroupName": "churn", "MaxResults": 2})
    )
    answers.append(world.call("ListTags", {"ResourceArn": arn}))
    with pytest.raises(ValidationException):
        world.call("DescribeModelPackage", {"ModelPackageName": "churn/9"})
    answers.append(world.events())
    answers.append([entry.model_dump(exclude={"id"}) for entry in world.audit_log()])
    return answers


def contents(world: World) -> dict[str, list[tuple[Any, ...]]]:
    with world.engine.connect() as connection:
        return {
            table.name: [tuple(row) for row in connection.execute(table.select())]
            for table in SQLModel.metadata.sorted_tables
        }


class TestAnyDatabase:
    def test_a_file_world_answers_as_a_memory_world_does(self, tmp_path: Path) -> None:
        """The same calls give the same answers, rows, IDs and times in memory and in a file."""
        memory, on_disk = World.create(), World.create(tmp_path / "world.db")
        assert exercise(on_disk) == exercise(memory)
        assert contents(on_disk) == contents(memory)

    def test_a_file_world_keeps_its_state_when_reopened(self, tmp_path: Path) -> None:
        """Calls committed to a file are there for the next process; the counter carries on."""
        first = World.create(tmp_path / "world.db")
        exercise(first)
        again = World.open(tmp_path / "world.db")
        created = again.call("CreateModelPackage", {"ModelPackageGroupName": "churn"})
        assert created["ModelPackageArn"].endswith("/churn/4")
        ids = [event["id"] for event in again.events()]
        assert len(set(ids)) == len(ids) == 5

    @pytest.mark.parametrize("in_file", [False, True], ids=["memory", "file"])
    def test_sqlite_reads_happen_inside_the_transaction(
        self, tmp_path: Path, in_file: bool
    ) -> None:
        """A transaction on SQLite begins with BEGIN, so a call's first read is already in it."""
        world = World.create(tmp_path / "world.db" if in_file else None)
        with world.engine.begin() as db:
            db.execute(select(WorldRow.__table__.c.now)).first()  # type: ignore[attr-defined]
            assert db.connection.driver_connection.in_transaction


def create_version(world: World) -> str:
    return world.call("CreateModelPackage", {"ModelPackageGroupName": "churn"})["ModelPackageArn"]


def trail(world: World) -> tuple[list[Any], list[Any]]:
    """The events and the audit log, without the audit's row IDs."""
    audit = [entry.model_dump(exclude={"id"}) for entry in world.audit_log()]
    return world.events(), audit


class TestWorldsSharingADatabase:
    @pytest.mark.parametrize("in_file", [False, True], ids=["memory", "file"])
    def test_two_worlds_take_turns_as_one_would(self, tmp_path: Path, in_file: bool) -> None:
        """Calls alternating between two Worlds on one database number and time as one World."""
        first = World.create(tmp_path / "world.db" if in_file else None)
        second = World.open(tmp_path / "world.db") if in_file else World(first.engine)
        alone = World.create()
        for world in (first, alone):
            world.call("CreateModelPackageGroup", {"ModelPackageGroupName": "churn"})
        arns = [create_version(w) for w in (first, second, first, first, second, first)]
        assert arns == [create_version(alone) for _ in range(6)]
        second.advance(timedelta(hours=1))
        alone.advance(timedelta(hours=1))
        assert create_version(first) == create_version(alone)
        assert trail(first) == trail(second) == trail(alone)
