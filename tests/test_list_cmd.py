"""`mlgov-sim list`: the scenario library, one line per file, broken files named, not fatal."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from mlgov_sim.cli.main import cli

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted(p.name for p in (ROOT / "scenarios").glob("*.yaml"))


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, ["list", *args], catch_exceptions=False)


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A directory with one shipped scenario and one broken file."""
    shutil.copy(ROOT / "scenarios/approval-workflow.yaml", tmp_path)
    (tmp_path / "broken.yaml").write_text("title: Broken\nsteps:\n  - do: CreateModelPackag\n")
    return tmp_path


class TestList:
    def test_one_line_per_shipped_scenario(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without DIR, ./scenarios is listed, one line per file, in name order."""
        monkeypatch.chdir(ROOT)
        lines = invoke().output.splitlines()
        assert [line.split()[0] for line in lines] == SHIPPED

    def test_line_shows_counts_title_and_concepts(self, library: Path) -> None:
        """A line has the drill and question counts, the title and the concept tags."""
        line = invoke(str(library)).output.splitlines()[0]
        assert line.split("  ")[0] == "approval-workflow.yaml"
        assert "1 drill, 2 questions" in line
        assert "Register and approve model versions" in line
        assert line.endswith("[model-registry, versioning, approval]")

    def test_broken_file_is_listed_invalid_with_its_position(self, library: Path) -> None:
        """A file that is not a valid scenario is listed as INVALID at FILE:LINE:COLUMN."""
        result = invoke(str(library))
        assert result.exit_code == 0
        broken = result.output.splitlines()[1]
        assert broken.startswith("broken.yaml")
        assert f"INVALID  {library / 'broken.yaml'}:3:9: " in broken
        assert "did you mean sagemaker:CreateModelPackage" in broken

    def test_concept_filters(self, library: Path) -> None:
        """--concept keeps only the scenarios tagged with it (and lists invalid files)."""
        shutil.copy(ROOT / "scenarios/lifecycle-stages.yaml", library)
        lines = invoke(str(library), "--concept", "versioning").output.splitlines()
        assert [line.split()[0] for line in lines] == ["approval-workflow.yaml", "broken.yaml"]

    def test_unknown_concept_exits_2_with_did_you_mean(self) -> None:
        """A misspelt concept is refused with the nearest tag."""
        result = invoke("--concept", "aproval")
        assert result.exit_code == 2
        assert "did you mean 'approval'?" in result.output

    def test_json_counts_drills_and_questions(self, library: Path) -> None:
        """--format json gives each file's counts, and the error of an invalid one."""
        entries = json.loads(invoke(str(library), "--format", "json").output)
        assert entries[0]["drills"] == 1
        assert entries[0]["questions"] == 2
        assert entries[1]["valid"] is False
        assert entries[1]["error"].startswith(str(library / "broken.yaml") + ":3:9:")

    def test_missing_directory_exits_2(self, tmp_path: Path) -> None:
        """A directory that does not exist is refused, not crashed on."""
        result = invoke(str(tmp_path / "nowhere"))
        assert result.exit_code == 2
        assert "no such directory" in result.output
