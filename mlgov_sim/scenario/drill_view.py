"""What `mlgov-sim step` prints: steps, calls as the AWS CLI shows them, goal states, summary.

Text only, styled with click (stripped when the output is not a terminal);
nothing here reads or changes the world.
"""

from __future__ import annotations

import json
import textwrap
from datetime import datetime
from typing import Any

import click

from mlgov_sim.core.automations import AutomationRun
from mlgov_sim.core.clock import format_instant
from mlgov_sim.core.shapes import to_jsonable
from mlgov_sim.scenario.model import AskStep, Scenario
from mlgov_sim.scenario.progress import ALONE, SKIPPED, WITH_HINTS, WITH_SOLUTION, Summary
from mlgov_sim.scenario.report import highlights
from mlgov_sim.scenario.runner import ActionResult
from mlgov_sim.scenario.styles import bad, bold, cyan, dim, ok
from mlgov_sim.scenario.styles import day_clock as clock  # noqa: F401  (drill.py: view.clock)

WIDTH = 88


def wrap(text: str, indent: str = "") -> str:
    """Narration wrapped to the terminal's width, paragraphs kept."""
    paragraphs = [" ".join(p.split()) for p in text.strip().split("\n\n")]
    return "\n".join(
        textwrap.fill(p, WIDTH, initial_indent=indent, subsequent_indent=indent) or indent
        for p in paragraphs
    )


def header(scenario: Scenario, resumed_at: int | None) -> str:
    """The scenario's title, summary and concepts, and whether this is a resumed session."""
    lines = [bold(scenario.title)]
    if scenario.concepts:
        lines.append(dim("concepts: " + ", ".join(scenario.concepts)))
    if scenario.summary:
        lines += ["", wrap(scenario.summary)]
    if resumed_at is not None:
        lines += ["", click.style(f"Resuming at step {resumed_at + 1}.", fg="cyan")]
    lines += ["", dim("Type help at any prompt for the commands; quit to stop.")]
    return "\n".join(lines)


def banner(number: int, total: int, kind: str, when: str) -> str:
    """`── step 3 of 14 · drill · day 1 09:00:00 ──`."""
    text = f"── step {number} of {total} · {kind} · {when} "
    return "\n" + dim(text + "─" * max(0, WIDTH - len(text)))


def scenario_action(result: ActionResult, say: str | None) -> str:
    """A step the scenario plays: who called what, the highlights, and the check."""
    lines = [wrap(say)] if say else []
    lines.append(bold(f"{result.principal}: {result.operation}"))
    given = _inputs(result)
    if given:
        lines.append(f"  with {given}")
    if result.response is not None:
        lines += [f"  {line}" for line in highlights(result.response, result.expected)]
    lines += _verdict(result)
    lines += reactions(result.reactions)
    return "\n".join(lines)


def _inputs(result: ActionResult) -> str:
    shown = [
        f"{key}={_short(value)}"
        for key, value in result.params.items()
        if not isinstance(value, dict | list)
    ]
    return ", ".join(shown)


def _short(value: Any) -> str:
    return format_instant(value) if isinstance(value, datetime) else str(value)


def _verdict(result: ActionResult) -> list[str]:
    lines = []
    if result.error is not None:
        text = f"{result.error.code}: {result.error.message}"
        lines.append(("  " + ok("✓ refused as expected: ") if result.ok else bad("  ✗ ")) + text)
    elif result.expected is not None and not result.mismatches:
        lines.append(ok("  ✓ response matches expect"))
    lines += [bad(f"  ✗ {m.describe()}") for m in result.mismatches]
    if result.problem and result.error is None:
        lines.append(bad(f"  ✗ {result.problem}"))
    if not result.ok:
        lines.append(
            dim("  (the world differs from the story here, after what you did; the story goes on)")
        )
    return lines


def cli_result(result: ActionResult) -> str:
    """A learner's call as the AWS CLI shows it: the JSON response, or AWS's error line."""
    if result.problem and result.error is None and result.response is None:
        return bad(result.problem)
    if result.error is not None:
        name = result.operation.split(":", 1)[1]
        return bad(
            f"An error occurred ({result.error.code}) when calling the {name} operation: "
            f"{result.error.message}"
        )
    body = json.dumps(to_jsonable(result.response or {}), indent=4)
    return "\n".join([body, *reactions(result.reactions)])


def reactions(runs: list[AutomationRun]) -> list[str]:
    """What automations did in response to a call's events."""
    lines = []
    for run in runs:
        lines.append(cyan(f"↳ automation {run.automation} (on {run.detail_type})"))
        if run.loop:
            lines.append(bad(f"  ✗ {run.loop}"))
        for call in run.calls:
            if call.problem:
                lines.append(bad(f"  ✗ {call.problem}"))
            elif call.error is not None:
                lines.append(bad(f"  {call.operation}: {call.error.code}: {call.error.message}"))
            else:
                shown = highlights(call.response or {}, None)
                lines.append(f"  {call.operation} " + ok("✓") + (f"  {shown[0]}" if shown else ""))
    return lines


def goal_state(results: list[ActionResult]) -> str:
    """Each goal check, holding or not, with what does not match yet."""
    lines = []
    for result in results:
        what = f"{result.operation.split(':', 1)[1]} {_target(result.params)}".rstrip()
        if result.ok:
            lines.append(ok(f"  ✓ {what}: holds"))
            continue
        lines.append(bad(f"  ✗ {what}: not yet"))
        if result.error is not None:
            lines.append(f"      {result.error.code}: {result.error.message}")
        elif result.problem:
            lines.append(f"      {result.problem}")
        lines += [f"      {m.describe()}" for m in result.mismatches]
    held = all(result.ok for result in results)
    verdict = ok("✓ goal holds") if held else click.style("goal not met yet", fg="yellow")
    return "\n".join([dim("goal:"), *lines, verdict])


def _target(params: dict[str, Any]) -> str:
    values = [str(v) for v in params.values() if isinstance(v, str)]
    return values[0] if values else ""


def question(step: AskStep) -> str:
    """The question and its numbered choices."""
    lines = [bold("QUESTION ") + wrap(step.ask).lstrip()]
    lines += [f"  {i}. {choice}" for i, choice in enumerate(step.choices, start=1)]
    lines.append(answer_how(step))
    return "\n".join(lines)


def explained(step: AskStep, prefix: str) -> str:
    """The answer, and why."""
    lines = [prefix + f" The answer is: {step.answer}"]
    if step.explain:
        lines.append(wrap(step.explain, "  "))
    return "\n".join(lines)


def summary(result: Summary, total_drills: int, total_questions: int, finished: bool) -> str:
    """How the learner did, drill by drill and question by question."""
    drills = result.drills
    done = sum(drills.values())
    head = "Scenario complete." if finished else "Stopped before the end."
    lines = ["", bold(head)]
    if total_drills:
        lines.append(
            f"Drills: {done} of {total_drills} done: {drills[ALONE]} alone, "
            f"{drills[WITH_HINTS]} with hints, {drills[WITH_SOLUTION]} with the solution, "
            f"{drills[SKIPPED]} skipped."
        )
    if total_questions:
        lines.append(
            f"Questions: {result.right_first_time} of {total_questions} right first time"
            f" ({result.questions} answered)."
        )
    return "\n".join(lines)


def answer_how(step: AskStep) -> str:
    """How to answer a question: what Enter says at its prompt, rather than the whole question."""
    return dim(f"Answer with a number (1-{len(step.choices)}) or the choice's text.")
