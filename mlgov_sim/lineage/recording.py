"""Finding or making the entities SageMaker records by itself, in the resource owner's account.

SageMaker "reuses any existing entities rather than creating new ones": an
artifact per SourceUri, a context per model package group. Each helper returns
the entity and whether this call made it, so a caller linking a new entity
can skip looking for an association that cannot exist yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mlgov_sim.core import arn as arns
from mlgov_sim.core.call import Call
from mlgov_sim.lineage import store
from mlgov_sim.lineage.actions import action_row
from mlgov_sim.lineage.artifacts import artifact_row
from mlgov_sim.lineage.associations import association_row
from mlgov_sim.lineage.contexts import context_row
from mlgov_sim.lineage.store import ARTIFACT, CONTEXT, Association, Entity


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
    row = artifact_row(call, {"SourceUri": uri}, artifact_type, account=account)
    return Found(store.add_entity(call.db, row), True)


def context(call: Call, account: str, uri: str, context_type: str, name: str) -> Found:
    """The context of `context_type` for the resource at `uri`, named after `name` if new."""
    for row in store.all_by_source(call.db, account, call.region, CONTEXT, uri):
        if row.type == context_type:
            return Found(row, False)
    source = {"SourceUri": uri, "SourceType": "ARN"}
    free = free_name(call, account, "context", name)
    row = context_row(call, free, source, context_type, account=account)
    return Found(store.add_entity(call.db, row), True)


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
    row = action_row(
        call,
        free_name(call, account, "action", name),
        source,
        action_type,
        status="Completed",
        description=description,
        properties=properties,
        account=account,
    )
    return store.add_entity(call.db, row)


def free_name(call: Call, account: str, resource_type: str, name: str) -> str:
    """`name`, or the first of `name-2`, `name-3`... that no entity of the type has."""
    candidate, number = name, 1
    while store.find_entity(call.db, call.arn(f"{resource_type}/{candidate}", account=account)):
        number += 1
        candidate = f"{name}-{number}"
    return candidate


@dataclass
class Batch:
    """Lineage recorded all at once: what exists read in one SELECT, what is new in one INSERT.

    Recording a model package version asks what exists already (artifacts by
    SourceUri, its group's context, whether its action's name is taken) and
    makes the rest: one statement per question and per row, the bulk of a
    CreateModelPackage. A batch asks everything it will need when it starts
    (`artifact_uris`, `context_uri`, `action_name`), keeps what it makes in
    order, and `write` stores it with one INSERT per table, so the rows, IDs
    and numbers are those recording one by one would give. Rows written so keep
    `id` None: nothing changes them again in the same call.
    """

    call: Call
    account: str
    existing: list[Entity]  # what the start found, in creation order
    asked_uris: set[str]
    asked_arns: set[str]
    entities: list[Entity] = field(default_factory=list)
    associations: list[Association] = field(default_factory=list)
    pairs: set[tuple[str, str]] = field(default_factory=set)

    @classmethod
    def start(
        cls,
        call: Call,
        account: str,
        *,
        artifact_uris: list[str],
        context_uri: str | None,
        action_name: str,
    ) -> Batch:
        """Read what may exist: artifacts and the context in `account`, the action's name."""
        arn = call.arn(f"action/{action_name}", account=account)
        existing = store.known(
            call.db,
            account,
            call.region,
            artifact_uris=artifact_uris,
            context_uri=context_uri,
            arn=arn,
        )
        return cls(call, account, existing, set(artifact_uris), {arn})

    def _rows(self) -> list[Entity]:
        """Existing rows, then the new ones: creation order, as the database would list them."""
        return self.existing + self.entities

    def _in_scope(self, row: Entity, kind: str, uri: str) -> bool:
        return (
            row.kind == kind
            and row.source_uri == uri
            and row.account == self.account
            and row.region == self.call.region
        )

    def artifact(self, uri: str, artifact_type: str) -> Found:
        """As `artifact`: the artifact whose SourceUri is `uri`, made if there is none."""
        region = self.call.region
        if uri not in self.asked_uris:  # not read at the start: ask the database
            found = store.find_by_source(self.call.db, self.account, region, ARTIFACT, uri)
            if found is not None:
                return Found(found, False)
        for row in self._rows():
            if self._in_scope(row, ARTIFACT, uri):
                return Found(row, False)
        row = artifact_row(self.call, {"SourceUri": uri}, artifact_type, account=self.account)
        self.entities.append(row)
        return Found(row, True)

    def context(self, uri: str, context_type: str, name: str) -> Found:
        """As `context`; `uri` must be the batch's `context_uri`."""
        for row in self._rows():
            if self._in_scope(row, CONTEXT, uri) and row.type == context_type:
                return Found(row, False)
        source = {"SourceUri": uri, "SourceType": "ARN"}
        free = free_name(self.call, self.account, "context", name)
        row = context_row(self.call, free, source, context_type, account=self.account)
        self.entities.append(row)
        return Found(row, True)

    def action(
        self,
        name: str,
        source: dict[str, Any],
        action_type: str,
        *,
        description: str | None = None,
        properties: dict[str, str] | None = None,
    ) -> Entity:
        """As `action`: a new, completed action named `name`, or `name-2`... if it is taken."""
        arn = self.call.arn(f"action/{name}", account=self.account)
        if arn not in self.asked_arns or any(row.arn == arn for row in self._rows()):
            name = free_name(self.call, self.account, "action", name)
        row = action_row(
            self.call,
            name,
            source,
            action_type,
            status="Completed",
            description=description,
            properties=properties,
            account=self.account,
        )
        self.entities.append(row)
        return row

    def link(self, source: Entity, destination: Entity, kind: str, *, fresh: bool) -> None:
        """As `associations.ensure_link`: associate the pair unless it is already."""
        pair = (source.arn, destination.arn)
        if pair in self.pairs:
            return
        if fresh or store.find_association(self.call.db, *pair) is None:
            self.associations.append(association_row(self.call, source, destination, kind))
            self.pairs.add(pair)

    def write(self) -> None:
        """Store what the batch made: its entities, then its associations (which name them)."""
        store.insert_many(self.call.db, self.entities, self.associations)
        self.entities, self.associations = [], []
