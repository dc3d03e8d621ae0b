"""QueryLineage against a hand-built graph: three directions, MaxDepth, Filters, pagination.

The graph, built by hand through the API (names stand for ARNs):

    jan ──ContributedTo──▶ train ──Produced──▶ model ──ContributedTo──▶ deploy
    feb ──ContributedTo──▶ train                                          │
    image ─ContributedTo─▶ train                                AssociatedWith
    image ─ContributedTo─▶ retrain ──Produced──▶ model2                   ▼
                                                                     endpoint

Every expectation below is written out by hand, vertex by vertex and edge by
edge, so the tests say what each query must return and must not.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from mlgov_sim.app import World
from mlgov_sim.core.errors import ResourceNotFound, ValidationException

ARTIFACTS = {
    "jan": ("s3://d/2025-01.csv", "DataSet"),
    "feb": ("s3://d/2025-02.csv", "DataSet"),
    "image": ("1.dkr.ecr.us-east-1.amazonaws.com/xgb:1", "Image"),
    "model": ("s3://m/train/model.tar.gz", "Model"),
    "model2": ("s3://m/retrain/model.tar.gz", "Model"),
}
ACTIONS = {"train": "TrainingJob", "retrain": "TrainingJob", "deploy": "ModelDeployment"}
EDGES = [
    ("jan", "train", "ContributedTo"),
    ("feb", "train", "ContributedTo"),
    ("image", "train", "ContributedTo"),
    ("image", "retrain", "ContributedTo"),
    ("train", "model", "Produced"),
    ("retrain", "model2", "Produced"),
    ("model", "deploy", "ContributedTo"),
    ("deploy", "endpoint", "AssociatedWith"),
]


class Graph:
    """The world holding the graph above, and the ARN of each name."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.arn: dict[str, str] = {}
        for name, (uri, kind) in ARTIFACTS.items():
            params = {"Source": {"SourceUri": uri}, "ArtifactType": kind, "ArtifactName": name}
            self.arn[name] = world.call("CreateArtifact", params)["ArtifactArn"]
        for name, kind in ACTIONS.items():
            params = {"ActionName": name, "Source": {"SourceUri": name}, "ActionType": kind}
            self.arn[name] = world.call("CreateAction", params)["ActionArn"]
        self.arn["endpoint"] = world.call(
            "CreateContext",
            {"ContextName": "endpoint", "Source": {"SourceUri": "ep"}, "ContextType": "Endpoint"},
        )["ContextArn"]
        for source, destination, kind in EDGES:
            self.add(source, destination, kind)
        self.name = {arn: name for name, arn in self.arn.items()}

    def add(self, source: str, destination: str, kind: str) -> None:
        params = {"SourceArn": self.arn[source], "DestinationArn": self.arn[destination]}
        self.world.call("AddAssociation", {**params, "AssociationType": kind})

    def query(self, start: str, **params: Any) -> dict[str, Any]:
        return self.world.call("QueryLineage", {"StartArns": [self.arn[start]], **params})

    def vertices(self, start: str, **params: Any) -> list[str]:
        """The names of the vertices returned, in the order returned."""
        return [self.name[v["Arn"]] for v in self.query(start, **params).get("Vertices", [])]

    def edges(self, start: str, **params: Any) -> set[tuple[str, str, str]]:
        out = self.query(start, IncludeEdges=True, **params).get("Edges", [])
        return {
            (self.name[e["SourceArn"]], self.name[e["DestinationArn"]], e["AssociationType"])
            for e in out
        }


@pytest.fixture
def graph(world: World) -> Graph:
    return Graph(world)


def edges_between(*names: str) -> set[tuple[str, str, str]]:
    """The hand-built graph's edges whose two ends are among `names`."""
    return {edge for edge in EDGES if edge[0] in names and edge[1] in names}


class TestDirections:
    def test_descendants(self, graph: Graph) -> None:
        """From January's data downstream: the run, its model, the deployment, the endpoint."""
        assert graph.vertices("jan", Direction="Descendants") == [
            "train",
            "model",
            "deploy",
            "endpoint",
        ]
        assert graph.edges("jan", Direction="Descendants") == edges_between(
            "jan", "train", "model", "deploy", "endpoint"
        )

    def test_ascendants(self, graph: Graph) -> None:
        """From the endpoint upstream: everything that led to it, nearest first, not retrain."""
        assert graph.vertices("endpoint", Direction="Ascendants") == [
            "deploy",
            "model",
            "train",
            *sorted(["feb", "image", "jan"], key=lambda n: graph.arn[n]),
        ]
        assert graph.edges("endpoint", Direction="Ascendants") == edges_between(
            "endpoint", "deploy", "model", "train", "jan", "feb", "image"
        )

    def test_both_walks_on_from_every_vertex(self, graph: Graph) -> None:
        """Both from the model reaches retrain's model through the shared image."""
        found = graph.vertices("model", Direction="Both")
        assert set(found) == set(graph.arn) - {"model"}
        distance = {name: found.index(name) for name in found}
        assert max(distance["train"], distance["deploy"]) < distance["image"]
        assert distance["image"] < distance["retrain"] < distance["model2"]
        assert graph.edges("model", Direction="Both") == set(EDGES)

    def test_both_is_the_default(self, graph: Graph) -> None:
        """Without Direction the query walks both ways."""
        assert graph.vertices("model") == graph.vertices("model", Direction="Both")

    def test_the_start_is_not_a_vertex(self, graph: Graph) -> None:
        """The start entity is left out of Vertices in every direction."""
        for direction in ("Ascendants", "Descendants", "Both"):
            assert "model" not in graph.vertices("model", Direction=direction)

    def test_a_leaf_has_no_descendants(self, graph: Graph) -> None:
        """Downstream of the endpoint there is nothing."""
        out = graph.query("endpoint", Direction="Descendants", IncludeEdges=True)
        assert out == {"Vertices": [], "Edges": []}

    def test_cycles_end(self, graph: Graph) -> None:
        """A cycle drawn by hand does not loop the walk."""
        graph.add("endpoint", "jan", "AssociatedWith")
        assert graph.vertices("jan", Direction="Descendants") == [
            "train",
            "model",
            "deploy",
            "endpoint",
        ]


class TestMaxDepth:
    def test_depth_counts_associations(self, graph: Graph) -> None:
        """MaxDepth 2 from January's data stops at the model; its edges stop there too."""
        assert graph.vertices("jan", Direction="Descendants", MaxDepth=2) == ["train", "model"]
        assert graph.edges("jan", Direction="Descendants", MaxDepth=2) == {
            ("jan", "train", "ContributedTo"),
            ("train", "model", "Produced"),
        }

    def test_depth_one_is_the_neighbours(self, graph: Graph) -> None:
        """MaxDepth 1 upstream of the run: its three inputs only."""
        found = graph.vertices("train", Direction="Ascendants", MaxDepth=1)
        assert sorted(found) == ["feb", "image", "jan"]

    def test_depth_zero_is_nothing(self, graph: Graph) -> None:
        """MaxDepth 0 follows no association."""
        assert graph.query("jan", MaxDepth=0, IncludeEdges=True) == {"Vertices": [], "Edges": []}

    def test_depth_over_ten_is_refused(self, graph: Graph) -> None:
        """botocore's maximum of 10 holds."""
        with pytest.raises(ValidationException, match="less than or equal to 10"):
            graph.query("jan", MaxDepth=11)


class TestFilters:
    def test_types(self, graph: Graph) -> None:
        """Types keeps vertices whose type string is listed."""
        assert graph.vertices("jan", Direction="Descendants", Filters={"Types": ["Model"]}) == [
            "model"
        ]
        found = graph.vertices("image", Direction="Descendants", Filters={"Types": ["Model"]})
        assert sorted(found) == ["model", "model2"]

    def test_lineage_types(self, graph: Graph) -> None:
        """LineageTypes keeps vertices of the listed lineage types."""
        filters = {"LineageTypes": ["Context", "Action"]}
        found = graph.vertices("jan", Direction="Descendants", Filters=filters)
        assert found == ["train", "deploy", "endpoint"]

    def test_filters_with_edges_add_the_way_there(self, graph: Graph) -> None:
        """With IncludeEdges, the vertices on the way to a match come back with the edges."""
        params = {"Direction": "Descendants", "Filters": {"LineageTypes": ["Context"]}}
        assert graph.vertices("jan", IncludeEdges=True, **params) == [
            "train",
            "model",
            "deploy",
            "endpoint",
        ]
        assert graph.edges("jan", **params) == edges_between(
            "jan", "train", "model", "deploy", "endpoint"
        )
        only_model = {"Direction": "Descendants", "Filters": {"Types": ["Model"]}}
        assert graph.vertices("jan", IncludeEdges=True, **only_model) == ["train", "model"]
        assert graph.edges("jan", **only_model) == edges_between("jan", "train", "model")

    def test_filters_without_edges_return_only_matches(self, graph: Graph) -> None:
        """Without IncludeEdges, only matching vertices and no edges."""
        out = graph.query("jan", Direction="Descendants", Filters={"Types": ["Endpoint"]})
        assert [graph.name[v["Arn"]] for v in out["Vertices"]] == ["endpoint"]
        assert out["Edges"] == []

    def test_properties_match_any_pair(self, graph: Graph) -> None:
        """An entity matches Properties when any one pair matches."""
        world = graph.world
        world.call("UpdateArtifact", {"ArtifactArn": graph.arn["model"], "Properties": {"a": "1"}})
        world.call("UpdateAction", {"ActionName": "deploy", "Properties": {"b": "2"}})
        filters = {"Properties": {"a": "1", "b": "2"}}
        assert graph.vertices("jan", Direction="Descendants", Filters=filters) == [
            "model",
            "deploy",
        ]
        assert graph.vertices("jan", Filters={"Properties": {"a": "2"}}) == []

    def test_created_and_modified_times(self, graph: Graph) -> None:
        """CreatedAfter/Before and ModifiedAfter/Before compare with each entity's times."""
        world = graph.world
        start = world.now
        world.advance(timedelta(hours=1))
        graph.arn["report"] = world.call(
            "CreateArtifact",
            {"Source": {"SourceUri": "s3://r/report.json"}, "ArtifactType": "Report"},
        )["ArtifactArn"]
        graph.name[graph.arn["report"]] = "report"
        graph.add("model", "report", "Produced")
        world.advance(timedelta(hours=1))
        world.call("UpdateAction", {"ActionName": "deploy", "Description": "to prod"})
        later = start + timedelta(minutes=30)
        descendants = {"Direction": "Descendants"}
        assert graph.vertices("jan", Filters={"CreatedAfter": later}, **descendants) == ["report"]
        assert "report" not in graph.vertices("jan", Filters={"CreatedBefore": later})
        modified = graph.vertices("jan", Filters={"ModifiedAfter": later}, **descendants)
        assert modified == ["deploy", "report"]
        unmodified = graph.vertices("jan", Filters={"ModifiedBefore": later}, **descendants)
        assert unmodified == ["train", "model", "endpoint"]


class TestPages:
    def test_pages_split_vertices_and_edges_once(self, graph: Graph) -> None:
        """MaxResults pages the Vertices; each Edge comes on the page that completes it."""
        full = graph.query("model", IncludeEdges=True, MaxResults=50)
        vertices: list[dict[str, Any]] = []
        edges: list[dict[str, Any]] = []
        token, pages = None, 0
        while True:
            params: dict[str, Any] = {"IncludeEdges": True, "MaxResults": 3}
            page = graph.query("model", **params, **({"NextToken": token} if token else {}))
            pages += 1
            assert len(page["Vertices"]) <= 3
            shown = {v["Arn"] for v in vertices + page["Vertices"]} | {graph.arn["model"]}
            for edge in page.get("Edges", []):
                assert {edge["SourceArn"], edge["DestinationArn"]} <= shown
            vertices += page["Vertices"]
            edges += page.get("Edges", [])
            token = page.get("NextToken")
            if not token:
                break
        assert pages == 3
        assert vertices == full["Vertices"]
        assert sorted(edges, key=str) == sorted(full["Edges"], key=str)

    def test_default_page_is_ten_vertices(self, graph: Graph) -> None:
        """Without MaxResults a page holds at most 10 vertices (here 11 are reached)."""
        for name in ("a", "b", "c"):
            params = {"ActionName": name, "Source": {"SourceUri": name}, "ActionType": "Step"}
            graph.arn[name] = graph.world.call("CreateAction", params)["ActionArn"]
            graph.add("endpoint", name, "AssociatedWith")
        first = graph.query("model")
        assert len(first["Vertices"]) == 10
        rest = graph.query("model", NextToken=first["NextToken"])
        assert len(rest["Vertices"]) == 1 and "NextToken" not in rest

    def test_a_token_belongs_to_its_query(self, graph: Graph) -> None:
        """A NextToken passed with another query is refused."""
        token = graph.query("model", MaxResults=1)["NextToken"]
        with pytest.raises(ValidationException, match="does not belong to this request"):
            graph.query("jan", MaxResults=1, NextToken=token)


class TestRefusals:
    def test_missing_start_is_resource_not_found(self, world: World) -> None:
        """Starting from an entity that does not exist: ResourceNotFound."""
        arn = "arn:aws:sagemaker:us-east-1:111122223333:context/nope"
        with pytest.raises(ResourceNotFound, match=f"Context {arn} does not exist"):
            world.call("QueryLineage", {"StartArns": [arn]})

    def test_a_start_is_required(self, world: World) -> None:
        """No StartArns at all is refused (AWS documents a list of at most one)."""
        with pytest.raises(ValidationException, match="StartArns must hold"):
            world.call("QueryLineage", {})
        with pytest.raises(ValidationException, match="less than or equal to 1"):
            world.call("QueryLineage", {"StartArns": ["arn:aws:sagemaker:r:111122223333:a/1"] * 2})
