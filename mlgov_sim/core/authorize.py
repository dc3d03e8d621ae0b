"""Who may make this call: the policies and condition keys `World.call` hands to IAM.

`core.access` decides; this module gathers what it decides on: the acting
role's identity policies, the resource's policy (features register where
theirs live, e.g. model package group policies), and the request's condition
keys (request tags, resource tags, and the operation's own keys).
`admin`, the world's all-powerful user, is not checked.

Services whose IAM differs from SageMaker's say so at import: S3 ARNs carry
no account, so S3 registers how to find a bucket's owner
(`register_resource_owner`); some S3 operations are authorised as another
action (ListObjectsV2 as `s3:ListBucket`, `register_iam_action`); and S3
refuses with its own `AccessDenied` (`register_refusal`). A service acting
with a role passed to it (a training job reading its data) is checked with
`check_role`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import bindparam, select

from mlgov_sim.core import access
from mlgov_sim.core import arn as arns
from mlgov_sim.core.call import Principal
from mlgov_sim.core.db import Database
from mlgov_sim.core.errors import AccessDeniedException, ServiceError, ValidationException
from mlgov_sim.core.ops import Operation
from mlgov_sim.core.state import RoleRow
from mlgov_sim.core.tagging import effective_tags

ADMIN = "admin"

# resource type -> (session, resource ARN) -> (ARN the policy is attached to, document) or None
ResourcePolicyOf = Callable[[Database, str], tuple[str, Any] | None]
# service -> (session, resource ARN) -> the account owning it, for ARNs that carry none (S3)
OwnerOf = Callable[[Database, str], str | None]
_RESOURCE_POLICIES: dict[str, ResourcePolicyOf] = {}
_OWNERS: dict[str, OwnerOf] = {}
_IAM_ACTIONS: dict[str, str] = {}  # operation -> the IAM action it is authorised as
_REFUSALS: dict[str, type[ServiceError]] = {}  # service -> the error its refusals raise
_ROLES = RoleRow.__table__  # type: ignore[attr-defined]
_ROLE_POLICIES = select(_ROLES.c.policies).where(_ROLES.c.name == bindparam("name"))
_ROLE = select(_ROLES.c.account, _ROLES.c.policies).where(_ROLES.c.name == bindparam("name"))


def register_resource_policy(resource_type: str, policy_of: ResourcePolicyOf) -> None:
    """Declare where the resource policy of `resource_type` ARNs is kept."""
    _RESOURCE_POLICIES[resource_type] = policy_of


def register_resource_owner(service: str, owner_of: OwnerOf) -> None:
    """Declare how to find the account owning a `service` ARN that names none (S3's)."""
    _OWNERS[service] = owner_of


def register_iam_action(operation: str, action: str) -> None:
    """Authorise `operation` as the IAM `action` (`s3:ListObjectsV2` is `s3:ListBucket`)."""
    _IAM_ACTIONS[operation] = action


def iam_action(operation: str) -> str:
    """The IAM action `operation` is authorised as (its own name unless registered otherwise)."""
    return _IAM_ACTIONS.get(operation, operation)


def register_refusal(service: str, error: type[ServiceError]) -> None:
    """Refuse `service`'s actions with `error` (S3's `AccessDenied`), not AccessDeniedException."""
    _REFUSALS[service] = error


def authorize(
    db: Database,
    principal: Principal,
    operation: Operation,
    resource: str | None,
    params: dict[str, Any],
) -> None:
    """Raise AccessDeniedException (or the service's own refusal) unless IAM allows the call."""
    if principal.name == ADMIN:
        return
    target = resource or "*"
    action = _IAM_ACTIONS.get(operation.full_name, operation.full_name)
    keys = condition_keys(db, operation, target, params)
    # A resource being created belongs to the caller, whoever holds its name now (S3's buckets).
    creates = operation.name.startswith("Create")
    check_action(db, principal, action, target, keys, owner=principal.account if creates else None)


def check_action(
    db: Database,
    principal: Principal,
    action: str,
    resource: str,
    context: dict[str, Any] | None = None,
    *,
    owner: str | None = None,
) -> None:
    """Raise the refusal of `action`'s service unless IAM lets `principal` do it on `resource`.

    For checks a call makes besides its own action (`iam:PassRole` on the role
    a training job is given). `owner` is the resource's account when its ARN
    cannot tell (by default the registered owner lookup decides).
    """
    if principal.name == ADMIN:
        return
    identity: tuple[access.Policy, ...] = ()
    if principal.role is not None:
        policies = db.execute(_ROLE_POLICIES, {"name": principal.role}).scalar()
        identity = access.role_policies(principal.role, policies or [])
    _decide(db, principal.arn, identity, action, resource, context or {}, owner)


def pass_role(
    db: Database,
    principal: Principal,
    role_arn: str,
    *,
    service: str = "sagemaker.amazonaws.com",
    must_exist: bool = True,
) -> None:
    """A call that hands `role_arn` to a service (a training job's, a model's execution role).

    The role must exist (SageMaker's refusal, ValidationException, when it
    does not), and the caller needs iam:PassRole on it, with
    iam:PassedToService set to the service; admin is never checked.
    """
    if must_exist and not role_exists(db, role_arn):
        raise ValidationException(
            f"Could not assume role {role_arn}. Please ensure that the role exists and allows "
            f"principal '{service}' to assume the role."
        )
    context = {"iam:PassedToService": service}
    check_action(db, principal, "iam:PassRole", role_arn, context)


def role_exists(db: Database, role_arn: str) -> bool:
    """Whether `arn:aws:iam::ACCOUNT:role/NAME` is a role of this world."""
    return _role(db, role_arn) is not None


def check_role(
    db: Database, role_arn: str, action: str, resource: str, *, session: str = "SageMaker"
) -> None:
    """Raise the refusal of `action` unless the role, assumed by a service, may do it.

    The service acts as `arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION` (SageMaker
    names its sessions `SageMaker`); a role the world lacks has no policies.
    """
    found = _role(db, role_arn)
    parsed = arns.parse(role_arn)
    account = parsed.account if parsed else ""
    name = role_arn.rsplit("/", 1)[-1]
    identity = access.role_policies(name, found) if found is not None else ()
    session_arn = f"arn:aws:sts::{account}:assumed-role/{name}/{session}"
    _decide(db, session_arn, identity, action, resource, {}, None)


def _role(db: Database, role_arn: str) -> list[Any] | None:
    """The policies of the world's role at `role_arn`, or None when it has no such role."""
    parsed = arns.parse(role_arn)
    if parsed is None or parsed.service != "iam" or not parsed.resource.startswith("role/"):
        return None
    name = parsed.resource.rsplit("/", 1)[-1]
    row = db.execute(_ROLE, {"name": name}).first()
    if row is None or row.account != parsed.account:
        return None
    return list(row.policies or [])


def _decide(
    db: Database,
    principal_arn: str,
    identity: tuple[access.Policy, ...],
    action: str,
    resource: str,
    context: dict[str, Any],
    owner: str | None,
) -> None:
    request = access.Request(
        principal=principal_arn,
        action=action,
        resource=resource,
        context=context,
        resource_account=owner or _owner(db, resource),
    )
    decision = access.evaluate(request, identity, _resource_policy(db, resource))
    if not decision.allowed:
        refusal = _REFUSALS.get(action.partition(":")[0], AccessDeniedException)
        raise refusal(access.refusal_message(request, decision))


def _owner(db: Database, resource: str) -> str | None:
    parsed = arns.parse(resource)
    owner_of = _OWNERS.get(parsed.service) if parsed and not parsed.account else None
    return owner_of(db, resource) if owner_of else None


def _resource_policy(db: Database, resource: str) -> access.Policy | None:
    parsed = arns.parse(resource)
    # Registered types are SageMaker's; an ARN without an account (S3's) names none of them.
    policy_of = _RESOURCE_POLICIES.get(parsed.resource_type) if parsed and parsed.account else None
    found = policy_of(db, resource) if policy_of else None
    if found is None:
        return None
    attached_to, document = found
    return access.resource_policy(attached_to, document)


def condition_keys(
    db: Database, operation: Operation, resource: str, params: dict[str, Any]
) -> dict[str, Any]:
    """The request's condition keys besides those every request has (see access)."""
    keys: dict[str, Any] = {}
    tags = params.get("Tags")
    if isinstance(tags, list):
        for tag in tags:
            keys[f"aws:RequestTag/{tag['Key']}"] = tag.get("Value", "")
        keys["aws:TagKeys"] = [tag["Key"] for tag in tags]
    if isinstance(params.get("TagKeys"), list):
        keys["aws:TagKeys"] = list(params["TagKeys"])
    if arns.is_arn(resource):
        for tag in effective_tags(db, resource):
            keys[f"aws:ResourceTag/{tag['Key']}"] = tag["Value"]
            keys[f"{operation.service}:ResourceTag/{tag['Key']}"] = tag["Value"]
    if operation.condition_keys is not None:
        keys.update(operation.condition_keys(params))
    return keys
