"""A lineage neighbourhood as Graphviz DOT: deterministic, readable, with a legend.

The same neighbourhood always gives the same bytes: node IDs are the
resource part of each ARN (`artifact/4f1c…`, `action/churn-1-approval-1`),
nodes are written sorted by ID and edges by (source ID, destination ID), as
networkx's `lexicographical_topological_sort` orders a DAG for the same
reason (lineage drawn by hand may hold cycles, so plain sorting is used).
Each lineage type has its shape and colour; the start is drawn bold; edges
are labelled with their association type.
"""

from __future__ import annotations

from mlgov_sim.core import arn as arns
from mlgov_sim.lineage import labels
from mlgov_sim.lineage.graph import ASCENDANTS, DESCENDANTS
from mlgov_sim.lineage.query import Neighbourhood
from mlgov_sim.lineage.store import Entity

# lineage type -> (shape, fill colour, legend text)
STYLES = {
    "Artifact": ("note", "#dbeafe", "Artifact (data, model, image)"),
    "Action": ("box", "#fef3c7", "Action (registration, approval)"),
    "Context": ("folder", "#dcfce7", "Context (model group, endpoint)"),
    "TrialComponent": ("component", "#ede9fe", "Trial component (job)"),
}
_WALKS = {ASCENDANTS: "ascendants", DESCENDANTS: "descendants"}


def quote(text: str) -> str:
    """A DOT string literal.

    >>> print(quote('say "hi"\\nthere'))
    "say \\"hi\\"\\nthere"
    """
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def node_ids(rows: list[Entity]) -> dict[str, str]:
    """Each entity's DOT node ID: its ARN's resource, with the account if two would clash."""
    resource = {row.arn: _resource(row.arn) for row in rows}
    counts: dict[str, int] = {}
    for value in resource.values():
        counts[value] = counts.get(value, 0) + 1
    return {
        row.arn: resource[row.arn]
        if counts[resource[row.arn]] == 1
        else f"{row.account}:{resource[row.arn]}"
        for row in rows
    }


def _resource(arn: str) -> str:
    parsed = arns.parse(arn)
    return parsed.resource if parsed else arn


def render(view: Neighbourhood) -> str:
    """The neighbourhood as a DOT digraph."""
    rows = [view.start, *(row for row, _ in view.vertices)]
    ids = node_ids(rows)
    walk = _WALKS.get(view.direction, "both directions")
    title = (
        f"Lineage of {view.start.type} {labels.short_name(view.start)}: {walk}, "
        f"depth {view.depth}\\nbold: the start; arrows run source -> destination, "
        "labelled with the association type"
    )
    lines = [
        "digraph lineage {",
        f'  graph [rankdir=LR, fontname="Helvetica", fontsize=11, labelloc=t, label="{title}"];',
        '  node [fontname="Helvetica", fontsize=10, style=filled, color="#555555"];',
        '  edge [fontname="Helvetica", fontsize=9, color="#555555"];',
    ]
    for row in sorted(rows, key=lambda r: ids[r.arn]):
        lines.append(f"  {quote(ids[row.arn])} [{_node_attributes(row, row is view.start)}];")
    for edge in sorted(view.edges, key=lambda e: (ids[e.source_arn], ids[e.destination_arn])):
        source, destination = quote(ids[edge.source_arn]), quote(ids[edge.destination_arn])
        label = quote(edge.association_type or "(no type)")
        lines.append(f"  {source} -> {destination} [label={label}];")
    lines.extend(_legend())
    lines.append("}")
    return "\n".join(lines) + "\n"


def _node_attributes(row: Entity, start: bool) -> str:
    shape, fill, _ = STYLES.get(row.kind, ("ellipse", "#eeeeee", row.kind))
    parts = [
        f"label={quote(chr(10).join(labels.caption(row)))}",
        f"shape={shape}",
        f'fillcolor="{fill}"',
        f"tooltip={quote(row.arn)}",
    ]
    if start:
        parts.append("penwidth=3")
    return ", ".join(parts)


def _legend() -> list[str]:
    lines = [
        "  subgraph cluster_legend {",
        '    label="Legend"; style=dashed; color="#999999"; fontsize=10;',
    ]
    names = []
    for kind, (shape, fill, text) in STYLES.items():
        names.append(quote(f"legend:{kind}"))
        lines.append(f'    {names[-1]} [label={quote(text)}, shape={shape}, fillcolor="{fill}"];')
    lines.append("  }")
    return lines
