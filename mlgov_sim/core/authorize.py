"""Who may make this call: the policies and condition keys `World.call` hands to IAM.

`core.access` decides; this module gathers what it decides on: the acting
role's identity policies, the resource's policy (features register where
theirs live, e.g. model package group policies), and the request's condition
keys (request tags, resource tags, and the operation's own keys).
`admin`, the world's all-powerful user, is not checked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import bindparam, select

from mlgov_sim.core import access
from mlgov_sim.core import arn as arns
from mlgov_sim.core.call import Principal
from mlgov_sim.core.db import Database
from mlgov_sim.core.ops import Operation
from mlgov_sim.core.state import RoleRow
from mlgov_sim.core.tagging import effective_tags

ADMIN = "admin"

# resource type -> (session, resource ARN) -> (ARN the policy is attached to, document) or None
ResourcePolicyOf = Callable[[Database, str], tuple[str, Any] | None]
_RESOURCE_POLICIES: dict[str, ResourcePolicyOf] = {}
_ROLES = RoleRow.__table__  # type: ignore[attr-defined]
_ROLE_POLICIES = select(_ROLES.c.policies).where(_ROLES.c.name == bindparam("name"))


def register_resource_policy(resource_type: str, policy_of: ResourcePolicyOf) -> None:
    """Declare where the resource policy of `resource_type` ARNs is kept."""
    _RESOURCE_POLICIES[resource_type] = policy_of


def authorize(
    db: Database,
    principal: Principal,
    operation: Operation,
    resource: str | None,
    params: dict[str, Any],
) -> None:
    """Raise AccessDeniedException unless IAM would allow the call."""
    if principal.name == ADMIN:
        return
    identity: tuple[access.Policy, ...] = ()
    if principal.role is not None:
        policies = db.execute(_ROLE_POLICIES, {"name": principal.role}).scalar()
        identity = access.role_policies(principal.role, policies or [])
    target = resource or "*"
    request = access.Request(
        principal=principal.arn,
        action=operation.full_name,
        resource=target,
        context=condition_keys(db, operation, target, params),
    )
    access.check(request, identity, _resource_policy(db, target))


def _resource_policy(db: Database, resource: str) -> access.Policy | None:
    parsed = arns.parse(resource)
    policy_of = _RESOURCE_POLICIES.get(parsed.resource_type) if parsed else None
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
