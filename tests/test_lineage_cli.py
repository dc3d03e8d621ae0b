"""`mlgov-sim lineage`: text, JSON, DOT pinned by golden files, SVG through Graphviz.

The DOT of each shipped lineage scenario is pinned in tests/golden/<scenario>.dot
(MLGOV_UPDATE_GOLDEN=1 rewrites them), and every golden DOT is drawn by
Graphviz's `dot -Tsvg`, which must accept it without a word. Locally those
drawings are skipped when Graphviz is absent; CI installs it (.ci/run) and,
with CI set, a missing Graphviz fails them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from mlgov_sim.cli import lineage_cmd
from mlgov_sim.cli.main import cli

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("MLGOV_UPDATE_GOLDEN") == "1"
NO_GRAPHVIZ = (
    "Graphviz's `dot` is not installed here (apt-get install graphviz); "
    "CI installs it before the tests (.ci/run)"
)
HAVE_GRAPHVIZ = shutil.which("dot") is not None
# Skipped only outside CI: in CI (CI set, as .ci/run and the fresh-clone check run it) a
# missing Graphviz fails these tests instead of hiding them.
needs_graphviz = pytest.mark.skipif(
    not HAVE_GRAPHVIZ and not os.environ.get("CI"), reason=NO_GRAPHVIZ
)
V1 = "arn:aws:sagemaker:us-east-1:111122223333:model-package/churn/1"
DATA = "s3://churn-data/2025-01/train.csv"

# scenario -> what to draw: the start (an ARN or a SourceUri) and the direction flags
DRAWN = {
    "lineage-dataset-to-model": [V1],
    "lineage-data-incident": ["s3://churn-data/2025-02/train.csv", "--down"],
    "lineage-external-model": ["s3://vendor-drop/acme/fraud-3.2/model.tar.gz", "--both"],
    # an endpoint's lineage: the deployments that served, back to the versions' data
    "rollback-cicd-automation": [
        "arn:aws:sagemaker:us-east-1:111122223333:endpoint/recs-prod",
        "--up",
    ],
}


def saved(tmp_path: Path, scenario: str) -> str:
    """The world `scenario` leaves, in a file."""
    db = str(tmp_path / f"{scenario}.db")
    result = CliRunner().invoke(cli, ["run", f"scenarios/{scenario}.yaml", "--db", db])
    assert result.exit_code == 0, result.output
    return db


def lineage(*args: str) -> Result:
    return CliRunner().invoke(cli, ["lineage", *args])


@pytest.fixture
def churn(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The world of the dataset-to-model scenario, saved."""
    monkeypatch.chdir(ROOT)
    return saved(tmp_path, "lineage-dataset-to-model")


class TestOutput:
    def test_text_lists_by_distance(self, churn: str) -> None:
        """Text shows the start, then each entity with its distance, then the associations."""
        result = lineage(DATA, "--db", churn, "--down", "--depth", "3")
        assert result.exit_code == 0, result.output
        lines = result.output.splitlines()
        assert lines[0] == "DataSet churn-train-2025-01  (Artifact)"
        assert "descendants, depth 3: 3 vertices, 3 associations" in lines[2]
        assert lines[4].split() == ["1", "Action", "TrainingJob", "churn-train-2025-01"]
        assert lines[6].split() == ["3", "Artifact", "Model", "churn/1"]
        assert (
            "  DataSet churn-train-2025-01 --ContributedTo--> TrainingJob churn-train-2025-01"
            in lines
        )

    def test_json_has_query_lineage_names(self, churn: str) -> None:
        """JSON uses QueryLineage's field names, plus Name and Depth."""
        result = lineage(V1, "--db", churn, "--up", "--format", "json")
        out = json.loads(result.output)
        assert out["Start"]["Type"] == "Model" and out["Start"]["Name"] == "churn/1"
        assert out["Direction"] == "Ascendants" and out["MaxDepth"] == 10
        data = [v for v in out["Vertices"] if v["Type"] == "DataSet"]
        assert data == [
            {
                "Arn": data[0]["Arn"],
                "Type": "DataSet",
                "LineageType": "Artifact",
                "Name": "churn-train-2025-01",
                "Depth": 3,
            }
        ]
        assert {e["AssociationType"] for e in out["Edges"]} == {"ContributedTo", "Produced"}

    def test_the_start_may_be_named_by_arn_or_source_uri(self, churn: str) -> None:
        """A version's ARN finds its artifact; the artifact's own ARN gives the same drawing."""
        by_source = lineage(V1, "--db", churn, "--format", "json")
        arn = json.loads(by_source.output)["Start"]["Arn"]
        assert arn.startswith("arn:aws:sagemaker:us-east-1:111122223333:artifact/")
        assert lineage(arn, "--db", churn, "--format", "json").output == by_source.output

    def test_an_unknown_start_exits_2(self, churn: str) -> None:
        """Nothing with that ARN or SourceUri: exit 2 with a hint, no traceback."""
        result = lineage("s3://nowhere/x.csv", "--db", churn)
        assert result.exit_code == 2
        assert "no lineage entity has ARN or SourceUri s3://nowhere/x.csv" in result.output
        assert "Traceback" not in result.output

    def test_depth_is_checked(self, churn: str) -> None:
        """--depth takes 0 to 10, as MaxDepth does."""
        assert lineage(V1, "--db", churn, "--depth", "11").exit_code == 2

    def test_dot_is_the_same_every_time(self, churn: str, tmp_path: Path) -> None:
        """Two worlds from the same scenario draw the same DOT, byte for byte."""
        (tmp_path / "again").mkdir()
        again = saved(tmp_path / "again", "lineage-dataset-to-model")
        first = lineage(V1, "--db", churn, "--format", "dot").output
        assert first == lineage(V1, "--db", again, "--format", "dot").output
        assert first.startswith("digraph lineage {\n") and first.endswith("}\n")


class TestSvg:
    def test_without_graphviz_it_says_how_to_install(
        self, churn: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """No `dot` on PATH: exit 1, naming apt-get and brew, and no traceback."""
        monkeypatch.setattr(lineage_cmd.shutil, "which", lambda name: None)
        result = lineage(V1, "--db", churn, "--format", "svg")
        assert result.exit_code == 1
        assert "apt-get install graphviz" in result.output
        assert "brew install graphviz" in result.output
        assert "Traceback" not in result.output

    @needs_graphviz
    def test_with_graphviz_it_draws(self, churn: str) -> None:
        """With Graphviz, --format svg prints an SVG drawing."""
        assert HAVE_GRAPHVIZ, NO_GRAPHVIZ
        result = lineage(V1, "--db", churn, "--format", "svg")
        assert result.exit_code == 0, result.output
        assert "<svg" in result.output and "churn/1" in result.output


class TestGolden:
    @pytest.mark.parametrize("scenario", sorted(DRAWN))
    def test_dot_is_pinned(
        self, scenario: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The DOT of each shipped lineage scenario is the reviewed one."""
        monkeypatch.chdir(ROOT)
        result = lineage(*DRAWN[scenario], "--db", saved(tmp_path, scenario), "--format", "dot")
        assert result.exit_code == 0, result.output
        golden = GOLDEN / f"{scenario}.dot"
        if UPDATE:
            golden.write_text(result.output)
        assert result.output == golden.read_text()

    def test_every_lineage_scenario_is_drawn(self) -> None:
        """Each shipped lineage scenario has a golden DOT file."""
        shipped = {path.stem for path in (ROOT / "scenarios").glob("lineage-*.yaml")}
        assert shipped <= set(DRAWN)
        assert {path.stem for path in GOLDEN.glob("*.dot")} >= shipped


def _golden_dots() -> list[Path]:
    return sorted(GOLDEN.glob("*.dot"))


@needs_graphviz
class TestGraphvizAcceptsThem:
    @pytest.mark.parametrize("path", _golden_dots(), ids=lambda p: p.name)
    def test_dot_draws_it_silently(self, path: Path) -> None:
        """Graphviz draws the golden DOT as SVG without an error or a warning."""
        assert HAVE_GRAPHVIZ, NO_GRAPHVIZ
        done = subprocess.run(
            ["dot", "-Tsvg", str(path)], capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr
        assert done.stderr == ""
        assert done.stdout.lstrip().startswith("<?xml") and "</svg>" in done.stdout

    def test_the_check_has_teeth(self, tmp_path: Path) -> None:
        """Graphviz refuses broken DOT, so the drawing test would fail on it."""
        assert HAVE_GRAPHVIZ, NO_GRAPHVIZ
        broken = tmp_path / "broken.dot"
        broken.write_text('digraph lineage { "a" -> ; }\n')
        done = subprocess.run(["dot", "-Tsvg", str(broken)], capture_output=True, check=False)
        assert done.returncode != 0
