# ruff: noqa: N803, N806  (G is what networkx and its readers call a graph)
"""The lineage graph in networkx, and the walks QueryLineage and the viewer make over it.

`G` is a `networkx.DiGraph` whose nodes are ARNs and whose edges run from an
association's source to its destination, with the association type in the
edge attribute ``"type"``. Node attributes are optional: the walks need none.
Graphs are built on demand from the rows (see `store.walk`), never stored.

Depth is counted in associations from the start, as QueryLineage's MaxDepth
is. Results come back in one order, by distance and then ARN, so the same
graph always gives the same answer (golden DOT files rely on it).

Direction follows AWS's words: in "Dataset -> Training Job -> Model", the
model is a descendant of the dataset and the dataset an ascendant of the
model. `BOTH` walks from every vertex it reaches in both directions, so it
finds siblings through a shared parent.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator

import networkx as nx

__all__ = [
    "ASCENDANTS",
    "BOTH",
    "DESCENDANTS",
    "around",
    "build",
    "downstream",
    "on_paths",
    "reach",
    "traversed_edges",
    "upstream",
]

ASCENDANTS, DESCENDANTS, BOTH = "Ascendants", "Descendants", "Both"
DIRECTIONS = (ASCENDANTS, DESCENDANTS, BOTH)

Neighbours = Callable[[str], Iterator[str]]


def build(edges: Iterable[tuple[str, str, str | None]], vertices: Iterable[str] = ()) -> nx.DiGraph:
    """A graph of `edges` (source, destination, association type) and lone `vertices`.

    Parameters
    ----------
    edges : iterable of (str, str, str or None)
        One triple per association.
    vertices : iterable of str, optional
        Vertices to include even without an edge (a query's start).

    Returns
    -------
    networkx.DiGraph

    Examples
    --------
    >>> G = build([("data", "job", "ContributedTo")], ["alone"])
    >>> sorted(G.nodes), G.edges["data", "job"]["type"]
    (['alone', 'data', 'job'], 'ContributedTo')
    """
    G = nx.DiGraph()
    G.add_nodes_from(vertices)
    G.add_edges_from((source, target, {"type": kind}) for source, target, kind in edges)
    return G


def _walk(G: nx.DiGraph, arn: str, depth: int, neighbours: Neighbours) -> dict[str, int]:
    if arn not in G:
        raise nx.NodeNotFound(f"{arn} is not in the graph")
    distance = {arn: 0}
    frontier = [arn]
    for step in range(1, depth + 1):
        reached = []
        for vertex in frontier:
            for other in neighbours(vertex):
                if other not in distance:
                    distance[other] = step
                    reached.append(other)
        if not reached:
            break
        frontier = reached
    del distance[arn]
    return dict(sorted(distance.items(), key=lambda item: (item[1], item[0])))


def upstream(G: nx.DiGraph, arn: str, depth: int = 10) -> dict[str, int]:
    """The ascendants of `arn` within `depth` associations, with their distances.

    Parameters
    ----------
    G : networkx.DiGraph
    arn : str
        The start vertex; it is not in the result.
    depth : int
        How many associations to follow at most.

    Returns
    -------
    dict of str to int
        Vertex to distance, ordered by distance, then vertex.

    Raises
    ------
    networkx.NodeNotFound
        When `arn` is not in `G`.

    See Also
    --------
    downstream, around

    Examples
    --------
    >>> G = build([("data", "job", None), ("job", "model", None), ("image", "job", None)])
    >>> upstream(G, "model")
    {'job': 1, 'data': 2, 'image': 2}
    >>> upstream(G, "model", depth=1)
    {'job': 1}
    """
    return _walk(G, arn, depth, G.predecessors)


def downstream(G: nx.DiGraph, arn: str, depth: int = 10) -> dict[str, int]:
    """The descendants of `arn` within `depth` associations, with their distances.

    Parameters
    ----------
    G : networkx.DiGraph
    arn : str
        The start vertex; it is not in the result.
    depth : int
        How many associations to follow at most.

    Returns
    -------
    dict of str to int
        Vertex to distance, ordered by distance, then vertex.

    See Also
    --------
    upstream, around

    Examples
    --------
    >>> G = build([("data", "job", None), ("job", "model", None), ("job", "metrics", None)])
    >>> downstream(G, "data")
    {'job': 1, 'metrics': 2, 'model': 2}
    """
    return _walk(G, arn, depth, G.successors)


def around(G: nx.DiGraph, arn: str, depth: int = 10) -> dict[str, int]:
    """Everything within `depth` associations of `arn`, whichever way they point.

    This is QueryLineage's `Both`: the walk goes on from every vertex it
    reaches in both directions, so a model trained with the same image as
    `arn` is found through the image.

    Parameters
    ----------
    G : networkx.DiGraph
    arn : str
        The start vertex; it is not in the result.
    depth : int
        How many associations to follow at most.

    Returns
    -------
    dict of str to int
        Vertex to distance, ordered by distance, then vertex.

    See Also
    --------
    upstream, downstream

    Examples
    --------
    >>> G = build([("image", "model-a", None), ("image", "model-b", None)])
    >>> around(G, "model-a")
    {'image': 1, 'model-b': 2}
    >>> upstream(G, "model-a")
    {'image': 1}
    """
    return _walk(G, arn, depth, lambda v: itertools.chain(G.successors(v), G.predecessors(v)))


def reach(G: nx.DiGraph, arn: str, direction: str, depth: int) -> dict[str, int]:
    """`upstream`, `downstream` or `around`, by QueryLineage's Direction.

    Examples
    --------
    >>> reach(build([("a", "b", None)]), "b", ASCENDANTS, 10)
    {'a': 1}
    """
    walks = {ASCENDANTS: upstream, DESCENDANTS: downstream, BOTH: around}
    return walks[direction](G, arn, depth)


def traversed_edges(
    G: nx.DiGraph, arn: str, reached: dict[str, int], direction: str, depth: int
) -> list[tuple[str, str]]:
    """The associations a walk from `arn` crossed, as (source, destination), sorted.

    An association is crossed when the walk stands on one end within `depth`
    and may follow it in `direction`: from a vertex at the last depth nothing
    more is followed.

    Parameters
    ----------
    G : networkx.DiGraph
    arn : str
        Where the walk started.
    reached : dict of str to int
        What `reach` returned for the same walk.
    direction : str
        ASCENDANTS, DESCENDANTS or BOTH.
    depth : int
        The walk's depth.

    Returns
    -------
    list of (str, str)

    Examples
    --------
    >>> G = build([("data", "job", None), ("job", "model", None), ("data", "model", None)])
    >>> traversed_edges(G, "data", downstream(G, "data", 1), DESCENDANTS, 1)
    [('data', 'job'), ('data', 'model')]
    >>> traversed_edges(G, "data", downstream(G, "data"), DESCENDANTS, 10)
    [('data', 'job'), ('data', 'model'), ('job', 'model')]
    """
    inner = [vertex for vertex, d in itertools.chain([(arn, 0)], reached.items()) if d < depth]
    found: set[tuple[str, str]] = set()
    for vertex in inner:
        if direction in (DESCENDANTS, BOTH):
            found.update((vertex, other) for other in G.successors(vertex))
        if direction in (ASCENDANTS, BOTH):
            found.update((other, vertex) for other in G.predecessors(vertex))
    return sorted(found)


def on_paths(
    G: nx.DiGraph, arn: str, reached: dict[str, int], direction: str, targets: Iterable[str]
) -> set[str]:
    """The vertices on shortest walks from `arn` to any of `targets`, targets included.

    This is what QueryLineage adds with IncludeEdges when Filters leave only
    some vertices: the ones that lead to them. `arn` itself is not included.

    Parameters
    ----------
    G : networkx.DiGraph
    arn : str
        Where the walk started.
    reached : dict of str to int
        What `reach` returned for the same walk.
    direction : str
        ASCENDANTS, DESCENDANTS or BOTH.
    targets : iterable of str
        Vertices among `reached`.

    Returns
    -------
    set of str

    Examples
    --------
    >>> G = build([("data", "job", None), ("job", "model", None), ("job", "log", None)])
    >>> sorted(on_paths(G, "data", downstream(G, "data"), DESCENDANTS, ["model"]))
    ['job', 'model']
    """
    distance = {arn: 0, **reached}

    def before(vertex: str) -> Iterator[str]:
        if direction in (DESCENDANTS, BOTH):
            yield from G.predecessors(vertex)
        if direction in (ASCENDANTS, BOTH):
            yield from G.successors(vertex)

    keep: set[str] = set()
    pending = [target for target in targets if target in reached]
    while pending:
        vertex = pending.pop()
        if vertex in keep or vertex == arn:
            continue
        keep.add(vertex)
        step = distance[vertex] - 1
        pending.extend(other for other in before(vertex) if distance.get(other) == step)
    return keep
