"""QueryLineage, and the read-only neighbourhood the `lineage` command draws.

A query reads the associations its walk can cross (`store.walk`), builds a
graph of them and walks it with the functions in `graph`. What AWS leaves
open is decided here and written down in docs/fidelity.md:

- the start vertex is not among the Vertices (the SageMaker Python SDK's
  `DatasetArtifact.upstream_datasets()` filters a dataset's ascendants for
  datasets, which would otherwise always include itself);
- Direction defaults to Both, MaxDepth to 10, IncludeEdges to false;
- with IncludeEdges and no Filters, every vertex reached and every
  association crossed comes back; with Filters, the matching vertices and
  those on shortest walks from the start to them, with the associations
  between these;
- Vertices are ordered by distance from the start, then ARN; a page of
  Vertices carries the Edges whose farther end (in that order) is on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mlgov_sim.core.call import Call
from mlgov_sim.core.db import Database
from mlgov_sim.core.errors import ValidationException
from mlgov_sim.core.ops import operation
from mlgov_sim.core.paging import decode_token, encode_token
from mlgov_sim.lineage import common, graph, store, views
from mlgov_sim.lineage.store import Edge, Entity

DEFAULT_DIRECTION = graph.BOTH
DEFAULT_DEPTH = 10
DEFAULT_MAX_RESULTS = 10
_LISTING = "QueryLineage"


@dataclass(frozen=True)
class Neighbourhood:
    """What a walk from `start` found: vertices with their distance, and the edges crossed."""

    start: Entity
    direction: str
    depth: int
    vertices: list[tuple[Entity, int]]  # by distance, then ARN; the start is not among them
    edges: list[Edge]  # sorted by (source, destination)


def neighbourhood(db: Database, start: str, direction: str, depth: int) -> Neighbourhood | None:
    """Everything within `depth` associations of `start` in `direction`; None if no such entity.

    A read-only helper (no call, nothing audited), for viewers such as `mlgov-sim lineage`.
    """
    origin = store.find_entity(db, start)
    if origin is None:
        return None
    g, reached = _walk(db, start, direction, depth)
    rows = store.entities(db, reached)
    crossed = set(graph.traversed_edges(g, start, reached, direction, depth))
    return Neighbourhood(
        start=origin,
        direction=direction,
        depth=depth,
        vertices=[(rows[arn], distance) for arn, distance in reached.items()],
        edges=[_edge(g, pair) for pair in sorted(crossed)],
    )


def find_start(db: Database, reference: str, account: str, region: str) -> Entity | None:
    """The entity `reference` names: its ARN, or the SourceUri of an entity in the account.

    A SourceUri is looked up as an artifact's first (a dataset's S3 URI, a model
    package's ARN), then a context's (a model package group's ARN), a trial
    component's (a training job's ARN) and an action's.
    """
    found = store.find_entity(db, reference)
    if found is not None:
        return found
    for kind in (store.ARTIFACT, store.CONTEXT, store.TRIAL_COMPONENT, store.ACTION):
        found = store.find_by_source(db, account, region, kind, reference)
        if found is not None:
            return found
    return None


def _walk(db: Database, start: str, direction: str, depth: int) -> tuple[Any, dict[str, int]]:
    edges = store.walk(db, start, direction, depth)
    g = graph.build(((e.source_arn, e.destination_arn, e.association_type) for e in edges), [start])
    return g, graph.reach(g, start, direction, depth)


def _edge(g: Any, pair: tuple[str, str]) -> Edge:
    return Edge(pair[0], pair[1], g.edges[pair]["type"])


def matches(row: Entity, filters: dict[str, Any]) -> bool:
    """Whether an entity passes QueryLineage's Filters (every kind given; Properties any pair).

    >>> from datetime import UTC, datetime
    >>> t = datetime(2025, 1, 1, tzinfo=UTC)
    >>> data = Entity("1", "r", "Artifact", "arn", "DataSet", "s3://d", t, t, properties={"x": "1"})
    >>> matches(data, {"Types": ["DataSet", "Model"], "Properties": {"x": "1", "y": "2"}})
    True
    >>> matches(data, {"LineageTypes": ["Action"]})
    False
    """
    if filters.get("Types") and row.type not in filters["Types"]:
        return False
    if filters.get("LineageTypes") and row.kind not in filters["LineageTypes"]:
        return False
    if not _within(row.creation_time, filters.get("CreatedAfter"), filters.get("CreatedBefore")):
        return False
    modified_after, modified_before = filters.get("ModifiedAfter"), filters.get("ModifiedBefore")
    if not _within(row.last_modified_time, modified_after, modified_before):
        return False
    wanted = filters.get("Properties")
    return not wanted or any(row.properties.get(key) == value for key, value in wanted.items())


def _within(moment: datetime, after: datetime | None, before: datetime | None) -> bool:
    return (after is None or moment > after) and (before is None or moment < before)


def _start_of(params: dict[str, Any]) -> str | None:
    starts = params.get("StartArns") or []
    return starts[0] if starts else None


@operation("sagemaker:QueryLineage", resource=lambda call, params: _start_of(params))
def query_lineage(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Walks the lineage graph from one entity: its ascendants, descendants or both.

    Direction defaults to Both, MaxDepth (associations from the start, at
    most 10) to 10. Filters keep vertices by type, lineage type, creation and
    modification time and properties (any pair). IncludeEdges adds the
    associations crossed and the vertices on the way to the kept ones. The
    start vertex itself is not returned (AWS does not say; see fidelity.md).
    """
    start = _start_of(params)
    if start is None:
        raise ValidationException("StartArns must hold the ARN of the entity to start from.")
    common.require_any(call.db, start)
    direction = params.get("Direction") or DEFAULT_DIRECTION
    depth = DEFAULT_DEPTH if params.get("MaxDepth") is None else params["MaxDepth"]
    if depth < 0:
        raise ValidationException(f"MaxDepth must be between 0 and 10, not {depth}.")
    size = params.get("MaxResults") or DEFAULT_MAX_RESULTS
    if size < 1:
        raise ValidationException(f"MaxResults must be between 1 and 50, not {size}.")
    g, reached = _walk(call.db, start, direction, depth)
    rows = store.entities(call.db, reached)
    filters = params.get("Filters") or {}
    matched = [arn for arn in reached if matches(rows[arn], filters)]
    if params.get("IncludeEdges"):
        keep = graph.on_paths(g, start, reached, direction, matched) if filters else set(reached)
        vertices = [arn for arn in reached if arn in keep]
        inside = keep | {start}
        edges = [
            pair
            for pair in graph.traversed_edges(g, start, reached, direction, depth)
            if pair[0] in inside and pair[1] in inside
        ]
    else:
        vertices, edges = matched, []
    return _page(g, start, rows, vertices, edges, params, size)


def _page(
    g: Any,
    start: str,
    rows: dict[str, Entity],
    vertices: list[str],
    edges: list[tuple[str, str]],
    params: dict[str, Any],
    size: int,
) -> dict[str, Any]:
    """One page of Vertices, the Edges it completes, and the next page's token."""
    query = {k: v for k, v in params.items() if k not in ("NextToken", "MaxResults")}
    query["_rows"] = [_LISTING]
    offset = decode_token(params.get("NextToken"), query)
    position = {arn: i for i, arn in enumerate(vertices)}
    position[start] = -1
    end = offset + size
    shown = vertices[offset:end]
    page_edges = [
        pair for pair in edges if offset <= max(position[pair[0]], position[pair[1]]) < end
    ]
    return {
        "Vertices": [views.vertex(rows[arn]) for arn in shown],
        "Edges": [
            {
                "SourceArn": source,
                "DestinationArn": destination,
                "AssociationType": g.edges[source, destination]["type"],
            }
            for source, destination in page_edges
        ],
        "NextToken": encode_token(end, query) if end < len(vertices) else None,
    }
