"""Approval statuses: the constants, the default, and which changes are allowed.

AWS documents Pending->Approved, Pending->Rejected, Rejected->Approved and
Approved->Rejected (the last is how a team rolls back through CI/CD). Going
back to PendingManualApproval is not documented and not refused by the API's
enum; the simulator allows it (see docs/fidelity.md).
"""

from __future__ import annotations

from mlgov_sim.core.errors import ValidationException

APPROVED = "Approved"
REJECTED = "Rejected"
PENDING = "PendingManualApproval"
STATUSES = (APPROVED, REJECTED, PENDING)

# What a new version gets when CreateModelPackage names none (the SageMaker Python SDK's default).
DEFAULT_STATUS = PENDING


def check_applies(versioned: bool, status: str | None, arn: str) -> None:
    """Approval belongs to versions; an unversioned package has none."""
    if status is not None and not versioned:
        raise ValidationException(
            f"ModelApprovalStatus applies only to versioned model packages; {arn} is an "
            "unversioned model package (create it with ModelPackageGroupName to version it)."
        )
