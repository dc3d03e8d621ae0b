"""Finding groups and packages by name, `group/version` or ARN, with SageMaker's not-found errors.

SageMaker answers a missing group or package with ValidationException
("... does not exist."), not ResourceNotFound.
"""

from __future__ import annotations

from sqlmodel import Session, select

from mlgov_sim.core import arn as arns
from mlgov_sim.core.call import Call
from mlgov_sim.core.errors import ValidationException
from mlgov_sim.registry.tables import ModelPackageGroupRow, ModelPackageRow


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


def find_group(session: Session, arn: str) -> ModelPackageGroupRow | None:
    return session.exec(select(ModelPackageGroupRow).where(ModelPackageGroupRow.arn == arn)).first()


def find_package(session: Session, arn: str) -> ModelPackageRow | None:
    return session.exec(select(ModelPackageRow).where(ModelPackageRow.arn == arn)).first()


def require_group(call: Call, name_or_arn: str) -> ModelPackageGroupRow:
    """The group, or ValidationException "ModelPackageGroup <arn> does not exist."."""
    arn = group_arn(call, name_or_arn)
    parsed = arns.parse(arn)
    if parsed is None or parsed.resource_type != "model-package-group":
        raise ValidationException(f"{name_or_arn} is not a model package group name or ARN.")
    row = find_group(call.session, arn)
    if row is None:
        raise ValidationException(f"ModelPackageGroup {arn} does not exist.")
    return row


def require_package(call: Call, reference: str) -> ModelPackageRow:
    """The package, or ValidationException "ModelPackage <arn> does not exist."."""
    arn = package_arn(call, reference)
    parsed = arns.parse(arn)
    if parsed is None or parsed.resource_type != "model-package":
        raise ValidationException(f"{reference} is not a model package name or ARN.")
    row = find_package(call.session, arn)
    if row is None:
        raise ValidationException(f"ModelPackage {arn} does not exist.")
    return row


def group_exists(session: Session, arn: str) -> bool:
    return find_group(session, arn) is not None


def package_exists(session: Session, arn: str) -> bool:
    return find_package(session, arn) is not None


def tags_owner(session: Session, arn: str) -> str | None:
    """A version uses its group's tags; an unversioned package has its own."""
    row = find_package(session, arn)
    if row is None or row.group_id is None:
        return None
    group = session.get(ModelPackageGroupRow, row.group_id)
    return group.arn if group else None
