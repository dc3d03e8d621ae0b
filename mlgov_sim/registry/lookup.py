"""Finding groups and packages by name, `group/version` or ARN, with SageMaker's not-found errors.

SageMaker answers a missing group or package with ValidationException
("... does not exist."), not ResourceNotFound.
"""

from __future__ import annotations

from mlgov_sim.core import arn as arns
from mlgov_sim.core.call import Call
from mlgov_sim.core.db import Database
from mlgov_sim.core.errors import ValidationException
from mlgov_sim.registry.store import Group, Package, find_group, find_package, group_arn_of


def group_arn(call: Call, name_or_arn: str) -> str:
    """The ARN a group input names (a name is taken in the caller's account)."""
    if arns.is_arn(name_or_arn):
        return name_or_arn
    return call.arn(f"model-package-group/{name_or_arn}")


def package_arn(call: Call, reference: str) -> str:
    """The ARN a package input names: `name`, `group/version` or an ARN."""
    if arns.is_arn(reference):
        return reference
    return call.arn(f"model-package/{reference}")


def checked_group_arn(call: Call, name_or_arn: str) -> str:
    """The group ARN an input names; ValidationException when it names no group."""
    arn = group_arn(call, name_or_arn)
    parsed = arns.parse(arn)
    if parsed is None or parsed.resource_type != "model-package-group":
        raise ValidationException(f"{name_or_arn} is not a model package group name or ARN.")
    return arn


def no_such_group(arn: str) -> ValidationException:
    return ValidationException(f"ModelPackageGroup {arn} does not exist.")


def require_group(call: Call, name_or_arn: str) -> Group:
    """The group, or ValidationException "ModelPackageGroup <arn> does not exist."."""
    arn = checked_group_arn(call, name_or_arn)
    row = find_group(call.db, arn)
    if row is None:
        raise no_such_group(arn)
    return row


def require_package(call: Call, reference: str) -> Package:
    """The package, or ValidationException "ModelPackage <arn> does not exist."."""
    arn = package_arn(call, reference)
    parsed = arns.parse(arn)
    if parsed is None or parsed.resource_type != "model-package":
        raise ValidationException(f"{reference} is not a model package name or ARN.")
    row = find_package(call.db, arn)
    if row is None:
        raise ValidationException(f"ModelPackage {arn} does not exist.")
    return row


def group_exists(db: Database, arn: str) -> bool:
    return find_group(db, arn) is not None


def package_exists(db: Database, arn: str) -> bool:
    return find_package(db, arn) is not None


def tags_owner(db: Database, arn: str) -> str | None:
    """A version uses its group's tags; an unversioned package has its own."""
    row = find_package(db, arn)
    if row is None or row.group_id is None:
        return None
    return group_arn_of(db, row.group_id)
