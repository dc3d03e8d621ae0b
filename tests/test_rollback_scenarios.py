"""The shipped rollback drills: they pass, and their reports show the timeline with its times.

Issue 6's must-show 4. The canary scenario's whole report is pinned by a
golden file (MLGOV_UPDATE_GOLDEN=1 rewrites it); each scenario's timeline,
the status changes the advances ran with their simulated times, is checked
line by line, in order, in the text and JSON reports.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from mlgov_sim.cli.main import cli

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("MLGOV_UPDATE_GOLDEN") == "1"

TIMELINES = {
    "rollback-canary-alarm": [
        "day 1 13:04:00 endpoint recs-prod: InService on recs-v1-config",
        "day 1 13:06:00 alarm recs-v2-conversion-drop: INSUFFICIENT_DATA → OK",
        "day 1 13:09:00 endpoint recs-prod: activating traffic on canary capacity of 1 instance(s)",
        "day 1 13:10:00 endpoint recs-prod: canary 1 instance(s) take 25% of traffic; baking 600 s",
        "day 1 13:13:00 alarm recs-v2-conversion-drop: OK → ALARM",
        "day 1 13:13:00 endpoint recs-prod: rolled back: alarm recs-v2-conversion-drop in ALARM;"
        " 100% of traffic back on recs-v1-config",
    ],
    "rollback-manual": [
        "day 1 16:04:00 endpoint recs-prod: InService on recs-v1-config",
        "day 1 16:10:00 endpoint recs-prod: InService on recs-v2-config; old fleet terminated",
        "day 2 08:20:00 endpoint recs-prod: InService on recs-v1-config; old fleet terminated",
    ],
    "rollback-cicd-automation": [
        "day 1 09:04:00 endpoint recs-prod: InService on recs-v1-config",
        "day 1 09:10:00 endpoint recs-prod: InService on recs-v2-config; old fleet terminated",
        "day 1 13:20:00 endpoint recs-prod: InService on recs-v1-config; old fleet terminated",
    ],
}


def run(scenario: str, *args: str) -> Result:
    path = f"scenarios/{scenario}.yaml"
    return CliRunner().invoke(cli, ["run", path, *args], catch_exceptions=False)


@pytest.fixture(autouse=True)
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("scenario", sorted(TIMELINES))
def test_the_timeline_is_in_the_report_in_order(scenario: str) -> None:
    """Each status change appears under its advance, with its simulated time, in time order."""
    result = run(scenario)
    assert result.exit_code == 0, result.output
    notes = [line.strip().removeprefix("↳ ") for line in result.output.splitlines()]
    positions = [notes.index(expected) for expected in TIMELINES[scenario]]
    assert positions == sorted(positions)


def _timer_notes(report: dict[str, Any]) -> list[tuple[str, str]]:
    """(time, note) of every timer the report's steps and solutions ran."""
    found: list[tuple[str, str]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "note" in node and "time" in node and node["note"]:
                found.append((node["time"], node["note"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(report)
    return found


def test_the_json_report_carries_the_rollback_with_its_instant() -> None:
    """Machines get the same timeline: the rollback at 13:13, right after the alarm."""
    result = run("rollback-canary-alarm", "--format", "json")
    assert result.exit_code == 0, result.output
    notes = _timer_notes(json.loads(result.output))
    assert ("2025-07-14T13:13:00Z", "alarm recs-v2-conversion-drop: OK → ALARM") in notes
    rolled = [due for due, note in notes if "rolled back" in note]
    assert rolled == ["2025-07-14T13:13:00Z"]


def test_the_canary_report_is_pinned_by_a_golden_file() -> None:
    """The whole report, byte for byte: the reviewed story of a guardrail rollback."""
    output = run("rollback-canary-alarm").output
    golden = GOLDEN / "rollback-canary-alarm.txt"
    if UPDATE:
        golden.write_text(output)
    assert output == golden.read_text()
