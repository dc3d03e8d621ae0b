"""The graph functions on small literal graphs, and the lineage modules' doctests.

The suite does not run --doctest-modules, so the examples in the docstrings
of mlgov_sim.lineage are run here: an example that stops being true fails.
"""

from __future__ import annotations

import doctest
import importlib

import networkx as nx
import pytest

from mlgov_sim.lineage import graph
from mlgov_sim.lineage.graph import ASCENDANTS, BOTH, DESCENDANTS

DOCTESTED = [
    "mlgov_sim.lineage.graph",
    "mlgov_sim.lineage.labels",
    "mlgov_sim.lineage.dot",
    "mlgov_sim.lineage.query",
]


@pytest.mark.parametrize("name", DOCTESTED)
def test_doctests(name: str) -> None:
    """Every example in the module's docstrings holds, and there is at least one."""
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0
    assert result.failed == 0


def chain() -> nx.DiGraph:
    """a -> b -> c -> d, and x -> c."""
    return graph.build([("a", "b", "T"), ("b", "c", "T"), ("c", "d", "T"), ("x", "c", "T")])


class TestWalks:
    def test_downstream_counts_depth(self) -> None:
        """downstream follows edges forward, at most `depth` of them."""
        G = chain()
        assert graph.downstream(G, "a") == {"b": 1, "c": 2, "d": 3}
        assert graph.downstream(G, "a", 2) == {"b": 1, "c": 2}
        assert graph.downstream(G, "a", 0) == {}

    def test_upstream_follows_edges_backward(self) -> None:
        """upstream finds every ascendant, ordered by distance then name."""
        assert graph.upstream(chain(), "d") == {"c": 1, "b": 2, "x": 2, "a": 3}

    def test_around_finds_siblings(self) -> None:
        """around (Both) reaches x from a through c, which up or down alone cannot."""
        G = chain()
        assert graph.around(G, "a") == {"b": 1, "c": 2, "d": 3, "x": 3}
        assert "x" not in graph.downstream(G, "a")

    def test_a_missing_start_raises(self) -> None:
        """A start outside the graph is NodeNotFound."""
        with pytest.raises(nx.NodeNotFound):
            graph.upstream(chain(), "nope")

    def test_shortest_distance_wins(self) -> None:
        """A vertex reached two ways takes the shorter distance."""
        G = graph.build([("a", "b", None), ("b", "c", None), ("a", "c", None)])
        assert graph.downstream(G, "a") == {"b": 1, "c": 1}


class TestTraversedEdges:
    @pytest.mark.parametrize(
        ("direction", "start", "expected"),
        [
            (DESCENDANTS, "b", [("b", "c"), ("c", "d")]),
            (ASCENDANTS, "c", [("a", "b"), ("b", "c"), ("x", "c")]),
            (BOTH, "x", [("a", "b"), ("b", "c"), ("c", "d"), ("x", "c")]),
        ],
    )
    def test_by_direction(
        self, direction: str, start: str, expected: list[tuple[str, str]]
    ) -> None:
        """The edges a walk crosses, in the walk's direction only."""
        G = chain()
        reached = graph.reach(G, start, direction, 10)
        assert graph.traversed_edges(G, start, reached, direction, 10) == expected

    def test_nothing_is_followed_from_the_last_depth(self) -> None:
        """At depth 1 from c both ways: c's own edges, not b's or d's."""
        G = chain()
        reached = graph.around(G, "c", 1)
        assert graph.traversed_edges(G, "c", reached, BOTH, 1) == [
            ("b", "c"),
            ("c", "d"),
            ("x", "c"),
        ]


class TestOnPaths:
    def test_the_way_to_a_target(self) -> None:
        """on_paths keeps the target and the vertices leading to it, not side branches."""
        G = chain()
        reached = graph.upstream(G, "d")
        assert graph.on_paths(G, "d", reached, ASCENDANTS, ["a"]) == {"a", "b", "c"}
        assert graph.on_paths(G, "d", reached, ASCENDANTS, ["x"]) == {"x", "c"}

    def test_targets_outside_the_walk_are_ignored(self) -> None:
        """A target the walk did not reach adds nothing."""
        G = chain()
        assert graph.on_paths(G, "a", graph.downstream(G, "a", 1), DESCENDANTS, ["d"]) == set()
