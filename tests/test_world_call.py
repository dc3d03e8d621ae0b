"""World.call: the one way in: validation, transactions, audit."""

from __future__ import annotations

import pytest
from sqlmodel import SQLModel

from mlgov_sim.app import World
from mlgov_sim.core.errors import UnknownOperationException, ValidationException


class TestValidation:
    def test_enum_refusal_uses_aws_wording(self, world: World) -> None:
        """A bad enum value is refused with AWS's ValidationException text."""
        world.call("CreateModelPackageGroup", {"ModelPackageGroupName": "churn"})
        with pytest.raises(ValidationException) as caught:
            world.call(
                "CreateModelPackage",
                {"ModelPackageGroupName": "churn", "ModelApprovalStatus": "Yes"},
            )
        assert caught.value.message == (
            "1 validation error detected: Value 'Yes' at 'modelApprovalStatus' failed to "
            "satisfy constraint: Member must satisfy enum value set: "
            "[Approved, Rejected, PendingManualApproval]"
        )

    def test_unknown_operation_suggests_the_nearest(self, world: World) -> None:
        """A misspelt operation is refused with a suggestion."""
        with pytest.raises(
            UnknownOperationException, match="did you mean sagemaker:CreateModelPackage"
        ):
            world.call("CreateModelPackag", {})


def dump(world: World) -> dict[str, list[tuple]]:
    """Every row of every table, for before/after comparisons."""
    with world.engine.connect() as connection:
        return {
            table.name: sorted(map(tuple, connection.execute(table.select())), key=repr)
            for table in SQLModel.metadata.sorted_tables
        }


class TestTransactions:
    def test_failed_call_leaves_nothing_and_one_audit_entry(self, world: World) -> None:
        """A call that fails after writing leaves the database as it was, plus one audit entry."""
        world.call("CreateModelPackageGroup", {"ModelPackageGroupName": "churn"})
        before = dump(world)
        with pytest.raises(ValidationException, match="reserved for AWS use"):
            # the group row is written (and flushed) before the tag check refuses
            world.call(
                "CreateModelPackageGroup",
                {"ModelPackageGroupName": "fraud", "Tags": [{"Key": "aws:owner", "Value": "x"}]},
            )
        after = dump(world)
        audit_before, audit_after = before.pop("audit"), after.pop("audit")
        assert after == before
        assert len(audit_after) == len(audit_before) + 1
        entry = world.audit_log()[-1]
        assert (entry.operation, entry.outcome, entry.error_code, entry.target_arn) == (
            "sagemaker:CreateModelPackageGroup",
            "Error",
            "ValidationException",
            "arn:aws:sagemaker:us-east-1:111122223333:model-package-group/fraud",
        )
