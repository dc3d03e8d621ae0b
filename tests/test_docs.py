"""The documentation keeps up with the code: commands, operations, scenarios and examples.

Each test names the file to change when it fails. docs/operations.md is
generated: `.venv/bin/mlgov-sim ops --format markdown > docs/operations.md`.
"""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from mlgov_sim.cli.main import cli
from mlgov_sim.scenario.load import parse_scenario
from mlgov_sim.scenario.report import render_text
from mlgov_sim.scenario.runner import new_world, run_scenario

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
CLI_DOC = DOCS / "cli.md"
OPERATIONS_DOC = DOCS / "operations.md"
CONCEPTS = DOCS / "concepts"
SCENARIOS = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "scenarios").glob("*.yaml"))
# README.md and every page under docs/: what a learner reads.
PAGES = sorted([ROOT / "README.md", *DOCS.rglob("*.md")])

COMMANDS = sorted(cli.commands)
_FENCE = re.compile(r"^```([\w-]*)\n(.*?)^```", re.MULTILINE | re.DOTALL)
_INLINE = re.compile(r"`([^`\n]+)`")
# A command line: a line of code that starts with the program, maybe after `$ ` or a path.
_INVOCATION = re.compile(r"^\s*(?:\$\s+)?(?:\S*/)?mlgov-sim(?![\w-])(.*)$")
_GLOBAL_OPTIONS = {"--help", "--version", "[--help]", "[--version]"}
_SCENARIO_FILE = re.compile(r"(?<![\w/.-])scenarios/[\w.-]+\.yaml")


def page_name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def code_of(text: str) -> list[str]:
    """The code a page shows: fenced blocks, then inline spans outside them."""
    blocks = [match.group(2) for match in _FENCE.finditer(text)]
    prose = _FENCE.sub("", text)
    return blocks + _INLINE.findall(prose)


def invocations(path: Path) -> list[str]:
    """Every `mlgov-sim ...` command line in the page's code, from the program's name on."""
    found = []
    for code in code_of(path.read_text(encoding="utf-8")):
        for line in code.splitlines():
            match = _INVOCATION.match(line)
            if match:
                found.append(f"mlgov-sim{match.group(1)}")
    return found


def invoked_command(invocation: str) -> str | None:
    """The command an invocation names; None for the bare program name or a placeholder."""
    for token in invocation.split()[1:]:
        if token in _GLOBAL_OPTIONS:
            continue
        return None if token == "COMMAND" else token
    return None


def yaml_examples() -> list[tuple[str, str]]:
    """(where, text) of every complete scenario a page shows: a yaml block starting `title:`."""
    examples: list[tuple[str, str]] = []
    for path in PAGES:
        text = path.read_text(encoding="utf-8")
        for match in _FENCE.finditer(text):
            if match.group(1) == "yaml" and match.group(2).startswith("title:"):
                line = text[: match.start(2)].count("\n") + 1
                examples.append((f"{page_name(path)}:{line}", match.group(2)))
    return examples


def concept_pages() -> list[Path]:
    return sorted(CONCEPTS.glob("*.md"))


class TestCommands:
    @pytest.mark.parametrize("name", COMMANDS)
    def test_command_has_help(self, name: str) -> None:
        """Every command has help text, which becomes its `--help`."""
        command: click.Command = cli.commands[name]
        assert (command.help or "").strip(), f"`mlgov-sim {name}` has no docstring"

    @pytest.mark.parametrize("name", COMMANDS)
    def test_command_has_a_section_in_cli_md(self, name: str) -> None:
        """Every command has a `## <command>` section in docs/cli.md."""
        headings = re.findall(r"^## (\S+)\s*$", CLI_DOC.read_text(encoding="utf-8"), re.M)
        assert name in headings, f"docs/cli.md has no '## {name}' section"

    @pytest.mark.parametrize("path", PAGES, ids=page_name)
    def test_command_lines_name_real_commands(self, path: Path) -> None:
        """Every `mlgov-sim ...` shown in README.md and docs/ names an existing command."""
        wrong = [
            line
            for line in invocations(path)
            if (command := invoked_command(line)) is not None and command not in cli.commands
        ]
        assert wrong == [], f"{page_name(path)} shows commands that do not exist: {wrong}"


class TestOperationsReference:
    def test_operations_md_is_what_ops_generates(self) -> None:
        """docs/operations.md is exactly `mlgov-sim ops --format markdown`."""
        result = CliRunner().invoke(cli, ["ops", "--format", "markdown"])
        assert result.exit_code == 0, result.output
        assert OPERATIONS_DOC.read_text(encoding="utf-8") == result.output, (
            "docs/operations.md is out of date: run "
            "`.venv/bin/mlgov-sim ops --format markdown > docs/operations.md`"
        )

    def test_every_operation_has_a_section(self) -> None:
        """The generated page has a heading for each supported operation."""
        text = OPERATIONS_DOC.read_text(encoding="utf-8")
        listed = CliRunner().invoke(cli, ["ops"]).output.split("\n")
        names = [line.split()[0] for line in listed if line.strip()]
        assert names, "mlgov-sim ops listed nothing"
        for name in names:
            assert f"\n## {name}\n" in text


class TestConceptPages:
    @pytest.mark.parametrize("scenario", SCENARIOS)
    def test_every_scenario_is_named_on_a_concept_page(self, scenario: str) -> None:
        """Each shipped scenario is named on at least one page under docs/concepts/."""
        pages = [p for p in concept_pages() if p.name != "README.md"]
        naming = [p.name for p in pages if scenario in _SCENARIO_FILE.findall(p.read_text())]
        assert naming, f"no page in docs/concepts/ names {scenario}"

    @pytest.mark.parametrize("page", concept_pages(), ids=page_name)
    def test_concept_pages_name_only_existing_scenarios(self, page: Path) -> None:
        """A concept page names only scenario files that exist."""
        named = set(_SCENARIO_FILE.findall(page.read_text(encoding="utf-8")))
        missing = sorted(name for name in named if not (ROOT / name).is_file())
        assert missing == [], f"{page_name(page)} names scenario files that do not exist"

    @pytest.mark.parametrize("page", concept_pages(), ids=page_name)
    def test_concept_pages_say_how_to_practise(self, page: Path) -> None:
        """Each concept page (not the index) ends with a "Practise it" section."""
        if page.name == "README.md":
            pytest.skip("the index lists the pages")
        assert "\n## Practise it\n" in page.read_text(encoding="utf-8")


class TestExamples:
    @pytest.mark.parametrize(
        ("where", "text"), [pytest.param(*example, id=example[0]) for example in yaml_examples()]
    )
    def test_scenario_examples_load_and_pass(self, where: str, text: str) -> None:
        """A complete scenario shown in the docs loads, and passes when run."""
        scenario = parse_scenario(text, where)
        result = run_scenario(scenario, new_world(scenario))
        assert result.passed, f"the example at {where} fails:\n{render_text(result)}"

    def test_the_pages_hold_examples(self) -> None:
        """The example check has something to check: the scenario format page shows several."""
        assert sum(where.startswith("docs/scenario-format.md") for where, _ in yaml_examples()) >= 5
