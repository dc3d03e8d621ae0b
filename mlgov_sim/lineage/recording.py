"""Finding or making the entities SageMaker records by itself, in the resource owner's account.

SageMaker "reuses any existing entities rather than creating new ones": an
artifact per SourceUri, a context per model package group. Each helper returns
the entity and whether this call made it, so a caller linking a new entity
can skip looking for an association that cannot exist yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mlgov_sim.core import arn as arns
from mlgov_sim.core.call import Call
from mlgov_sim.lineage import store
from mlgov_sim.lineage.actions import new_action
from mlgov_sim.lineage.artifacts import new_artifact
from mlgov_sim.lineage.contexts import new_context
from mlgov_sim.lineage.store import ARTIFACT, CONTEXT, Entity


@dataclass(frozen=True)
class Found:
    """An entity, and whether this call created it."""

    entity: Entity
    fresh: bool


def owner(arn: str, call: Call) -> tuple[str, str]:
    """The account and region a resource ARN belongs to (the caller's when it says none)."""
    parsed = arns.parse(arn)
    if parsed is None or not parsed.account:
        return call.account, call.region
    return parsed.account, parsed.region or call.region


def artifact(call: Call, account: str, uri: str, artifact_type: str) -> Found:
    """The artifact whose SourceUri is `uri`, made with `artifact_type` if there is none."""
    found = store.find_by_source(call.db, account, call.region, ARTIFACT, uri)
    if found is not None:
        return Found(found, False)
    return Found(new_artifact(call, {"SourceUri": uri}, artifact_type, account=account), True)


def context(call: Call, account: str, uri: str, context_type: str, name: str) -> Found:
    """The context of `context_type` for the resource at `uri`, named after `name` if new."""
    for row in store.all_by_source(call.db, account, call.region, CONTEXT, uri):
        if row.type == context_type:
            return Found(row, False)
    source = {"SourceUri": uri, "SourceType": "ARN"}
    free = free_name(call, account, "context", name)
    return Found(new_context(call, free, source, context_type, account=account), True)


def action(
    call: Call,
    account: str,
    name: str,
    source: dict[str, Any],
    action_type: str,
    *,
    description: str | None = None,
    properties: dict[str, str] | None = None,
) -> Entity:
    """A new, completed action named `name` (or `name-2`, `name-3`... if it is taken)."""
    return new_action(
        call,
        free_name(call, account, "action", name),
        source,
        action_type,
        status="Completed",
        description=description,
        properties=properties,
        account=account,
    )


def free_name(call: Call, account: str, resource_type: str, name: str) -> str:
    """`name`, or the first of `name-2`, `name-3`... that no entity of the type has."""
    candidate, number = name, 1
    while store.find_entity(call.db, call.arn(f"{resource_type}/{candidate}", account=account)):
        number += 1
        candidate = f"{name}-{number}"
    return candidate
