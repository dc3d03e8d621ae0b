"""The shipped Canvas scenarios pass under `mlgov-sim run` (must-show 3 of issue 7).

Each shows a rule's refusal before the fix; the JSON report proves both.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from mlgov_sim.cli.main import cli

ROOT = Path(__file__).resolve().parent.parent
RULES = {
    "canvas-share-same-domain": "only with Canvas users in the same SageMaker domain",
    "canvas-import-registered-model": "must be registered in the Model Registry",
    "canvas-s3-access": "a Canvas user needs S3 access to read datasets",
    "canvas-register-approve-deploy": "ModelRegisterSettings.Status is DISABLED",
}


def run(name: str, *options: str) -> Any:
    result = CliRunner().invoke(
        cli, ["run", f"scenarios/{name}.yaml", *options], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return result


@pytest.mark.parametrize("name", sorted(RULES))
def test_passes(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    output = run(name).output
    assert output.splitlines()[-1].startswith("PASS")
    assert "refused as expected" in output


@pytest.mark.parametrize("name", sorted(RULES))
def test_refusal_names_the_rule_before_the_fix(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    steps = json.loads(run(name, "--format", "json").output)["runs"][0]["steps"]
    refused = [
        step["number"]
        for step in steps
        if step["kind"] == "action"
        and step["status"] == "passed"
        and RULES[name] in ((step["action"].get("error") or {}).get("message") or "")
    ]
    drills = [step["number"] for step in steps if step["kind"] == "task"]
    assert refused and drills, "a refusal naming the rule, then a drill that fixes it"
    assert min(refused) < min(drills)
    assert all(step["status"] in ("passed", "info") for step in steps)


def test_every_canvas_scenario_is_named_on_the_concept_page() -> None:
    page = (ROOT / "docs" / "concepts" / "canvas-sharing.md").read_text(encoding="utf-8")
    for name in RULES:
        assert f"scenarios/{name}.yaml" in page
    shipped = {p.stem for p in (ROOT / "scenarios").glob("canvas-*.yaml")}
    assert shipped == set(RULES)


DRILLS = ["canvas-import-registered-model", "canvas-s3-access", "canvas-share-same-domain"]


@pytest.mark.parametrize("name", DRILLS)
def test_a_drill_done_twice_still_meets_its_goal(name: str, tmp_path: Path) -> None:
    """A learner who repeats the console action (shares, imports or predicts twice) is not stuck.

    Each repeat adds a shared model, a Canvas model or a prediction file; a goal
    demanding exactly one would never hold again.
    """
    import yaml

    scenario = yaml.safe_load((ROOT / "scenarios" / f"{name}.yaml").read_text(encoding="utf-8"))
    for step in (s for s in scenario["steps"] if "task" in s):
        solution = step["solution"]
        again = [s for s in solution if str(s.get("do", "")).startswith("canvas:")]
        last_is_action = str(solution[-1].get("do", "")).startswith("canvas:")
        at = len(solution) if last_is_action else len(solution) - 1  # before the final advance
        step["solution"] = solution[:at] + again + solution[at:]
    twice = tmp_path / f"{name}.yaml"
    twice.write_text(yaml.safe_dump(scenario, sort_keys=False), encoding="utf-8")
    result = CliRunner().invoke(cli, ["run", str(twice)], catch_exceptions=False)
    assert result.output.splitlines()[-1].startswith("PASS"), result.output
