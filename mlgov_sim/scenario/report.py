"""Reports of a scenario run: the text a learner reads, and JSON for machines.

The text uses click styles; click strips them when the output is not a
terminal, so piped output is plain and byte-for-byte stable.
"""

from __future__ import annotations

import json
import textwrap
from datetime import datetime
from typing import Any

import click

from mlgov_sim.core.automations import AutomationRun
from mlgov_sim.core.clock import format_instant
from mlgov_sim.core.scheduler import TimerRun
from mlgov_sim.core.shapes import to_jsonable
from mlgov_sim.scenario.matching import Mismatch
from mlgov_sim.scenario.runner import (
    FAILED,
    NOT_RUN,
    PASSED,
    ActionResult,
    ScenarioResult,
    StepResult,
)
from mlgov_sim.scenario.styles import bad, day_clock, dim, ok

WIDTH = 100
_KEY_SUFFIXES = ("Arn", "Version", "Status")
_ITEM_SUFFIXES = ("Name", "Version", "Status")
_MAX_ITEMS = 10


def _value(value: Any) -> str:
    if isinstance(value, datetime):
        return format_instant(value)
    if isinstance(value, bytes | bytearray):  # an S3 object's body: its size, not its bytes
        return f"<{len(value)} bytes>"
    if isinstance(value, str) and "\n" in value:  # inline data keeps the report's lines whole
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict | list):
        return json.dumps(to_jsonable(value), separators=(", ", ": "))
    return str(value)


def highlights(response: dict[str, Any], expected: Any) -> list[str]:
    """The response fields that matter.

    With an `expect`, the fields it names; without, identities (ARNs),
    versions and statuses. Lists of records show one line per record.
    """
    wanted = set(expected) if isinstance(expected, dict) else None
    lines = []
    for key, value in response.items():
        if wanted is not None and key not in wanted:
            continue
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            lines.append(f"{key}: {len(value)} item(s)")
            lines += [f"  - {_item_line(item)}" for item in value[:_MAX_ITEMS]]
            if len(value) > _MAX_ITEMS:
                lines.append(f"  ... and {len(value) - _MAX_ITEMS} more")
        elif wanted is not None or (key.endswith(_KEY_SUFFIXES) and not isinstance(value, dict)):
            lines.append(f"{key} = {_value(value)}")
    return lines


def _item_line(item: dict[str, Any]) -> str:
    parts = [
        f"{key}={_value(value)}"
        for key, value in item.items()
        if key.endswith(_ITEM_SUFFIXES) and not isinstance(value, dict | list)
    ]
    if "ModelLifeCycle" in item:
        stage = item["ModelLifeCycle"]
        parts.append(f"Stage={stage.get('Stage')}/{stage.get('StageStatus')}")
    return "  ".join(parts) or _value(item)


def _wrap(text: str, first: str, rest: str) -> list[str]:
    """Narration wrapped to the report's width, paragraphs kept."""
    lines: list[str] = []
    for paragraph in text.strip().split("\n\n"):
        filled = textwrap.wrap(
            " ".join(paragraph.split()),
            width=max(40, WIDTH - len(rest)),
        )
        lines += filled or [""]
    return [(first if i == 0 else rest) + line for i, line in enumerate(lines)]


def _inputs(params: dict[str, Any]) -> str:
    """The scalar inputs of a write, except names and ARNs the response already shows."""
    shown = [
        f"{key}={_value(value)}"
        for key, value in params.items()
        if not isinstance(value, dict | list) and not key.endswith(("Arn", "Name"))
    ]
    return ", ".join(shown)


def _action_lines(action: ActionResult, indent: str) -> list[str]:
    lines = [f"{indent}{action.principal}: {action.operation}"]
    given = (
        _inputs(action.params)
        if not action.operation.split(":")[1].startswith(
            ("Describe", "List", "Get", "BatchDescribe")
        )
        else ""
    )
    if given:
        lines.append(f"{indent}  with {given}")
    if action.response is not None:
        lines += [f"{indent}  {line}" for line in highlights(action.response, action.expected)]
    if action.error is not None:
        text = f"{action.error.code}: {action.error.message}"
        mark = ok("✓ refused as expected: ") if action.ok else bad("✗ refused: ")
        lines.append(f"{indent}{mark}{text}")
    if action.expected is not None and action.response is not None and not action.mismatches:
        lines.append(f"{indent}{ok('✓ response matches expect')}")
    lines += [f"{indent}{bad('✗ ' + m.describe())}" for m in action.mismatches]
    for run in action.reactions:
        lines += _reaction_lines(run, indent)
    refused_unexpectedly = action.error is not None and action.expected_error is None
    shown_below = any(run.loop == action.problem for run in action.reactions)
    if action.problem and not refused_unexpectedly and not shown_below:
        lines.append(f"{indent}{bad('✗ ' + action.problem)}")
    return lines


def _reaction_lines(run: AutomationRun, indent: str) -> list[str]:
    """An automation the call's event set off, and what it did."""
    head = f"{indent}↳ automation {run.automation} (on {run.detail_type})"
    if run.loop:
        return [head, f"{indent}  {bad('✗ ' + run.loop)}"]
    lines = [head]
    for call in run.calls:
        if call.problem:
            lines.append(f"{indent}  {bad('✗ ' + call.problem)}")
        elif call.error is not None:
            lines.append(
                f"{indent}  {call.operation}: "
                + bad(f"✗ refused: {call.error.code}: {call.error.message}")
            )
        else:
            shown = highlights(call.response or {}, None)
            lines.append(
                f"{indent}  {call.operation} {ok('✓')}" + (f"  {shown[0]}" if shown else "")
            )
    return lines


def _timer_lines(run: TimerRun, start: datetime, indent: str) -> list[str]:
    """A timed transition the advance ran: when, what it did, and the automations it set off."""
    when = day_clock(run.due, start)
    if run.error is not None:
        failure = f"✗ {when} {run.kind} failed: {run.error.code}: {run.error.message}"
        return [f"{indent}{bad(failure)}"]
    lines = [f"{indent}↳ {when} {run.note}"] if run.note else []
    for reaction in run.reactions:
        lines += _reaction_lines(reaction, indent + "  ")
    return lines


def _step_lines(step: StepResult, start: datetime, depth: int = 0) -> list[str]:
    pad = "  " * depth
    label = f"{pad}{step.number:>2}  "
    when = day_clock(step.time, start)
    head = f"{label}{when:<15}  "
    indent = " " * len(head)
    if step.status == NOT_RUN:
        return [dim(f"{head}(not run: an earlier step failed)")]
    lines: list[str] = []
    if step.kind == "advance":
        text = f"advance {step.advanced}: clock now {day_clock(step.until, start)}"
        lines.append(f"{head}{click.style(text, fg='cyan')}")
        if step.say:
            lines.append(f"{indent}{step.say.strip()}")
        for run in step.timers:
            lines += _timer_lines(run, start, indent)
        return lines
    if step.kind == "say":
        return [
            f"{head}{line}" if i == 0 else f"{indent}{line}"
            for i, line in enumerate(step.say.strip().splitlines())
        ]
    if step.kind == "ask":
        question = step.question
        lines += _wrap(question.ask, f"{head}{click.style('QUESTION', bold=True)} ", indent)
        for choice in question.choices:
            mark = ok("*") if choice == question.answer else " "
            lines.append(f"{indent}{mark} {choice}")
        lines.append(f"{indent}answer: {question.answer}")
        if question.explain:
            lines += _wrap(question.explain, f"{indent}why: ", indent + "     ")
        return lines
    if step.kind == "task":
        lines += _wrap(step.task, f"{head}{click.style('DRILL', bold=True)} ", indent)
        lines.append(f"{indent}solution (played by run):")
        for inner in step.solution:
            lines += [indent + line for line in _step_lines(inner, start, 0)]
        if step.goal:
            lines.append(f"{indent}goal:")
            for action in step.goal:
                lines += _action_lines(action, indent + "  ")
        verdict = ok("✓ goal holds") if step.status == PASSED else bad("✗ goal not met")
        lines.append(f"{indent}{verdict}")
        return lines
    if step.say:
        lines += _wrap(step.say, head, indent)
        head = indent
    name = f"  [{step.name}]" if step.name else ""
    action_lines = _action_lines(step.action, indent) if step.action else []
    if action_lines:
        action_lines[0] = head + action_lines[0][len(indent) :] + dim(name)
    return lines + action_lines


def render_text(result: ScenarioResult) -> str:
    """The report a learner reads."""
    start = result.started
    lines = [
        click.style(result.title, bold=True),
        dim(
            f"{result.path} · account {result.account} · {result.region} · "
            f"clock starts {format_instant(start)}"
        ),
        "",
    ]
    for step in result.steps:
        lines += _step_lines(step, start)
    lines.append("")
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"


def summary_line(result: ScenarioResult) -> str:
    """`PASS path: N steps, X expectations met, Y failed (simulated A → B)`."""
    good, failed = result.checks()
    verdict = ok("PASS") if result.passed else bad("FAIL")
    failed_at = next((s for s in result.steps if s.status == FAILED), None)
    where = f"; failed at step {failed_at.number} ({failed_at.pos})" if failed_at else ""
    return (
        f"{verdict}  {result.path}: {_count(len(result.steps), 'step')}, "
        f"{_count(good, 'expectation')} met, "
        f"{failed} failed{where} (simulated {format_instant(result.started)} → "
        f"{format_instant(result.ended)})"
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _mismatch_json(mismatch: Mismatch) -> dict[str, Any]:
    return {"path": mismatch.path, "message": mismatch.describe()}


def _action_json(action: ActionResult) -> dict[str, Any]:
    return to_jsonable(
        {
            "operation": action.operation,
            "principal": action.principal,
            "time": action.time,
            "input": action.params,
            "response": action.response,
            "error": {"code": action.error.code, "message": action.error.message}
            if action.error
            else None,
            "ok": action.ok,
            "problem": action.problem,
            "mismatches": [_mismatch_json(m) for m in action.mismatches],
            "automations": [_reaction_json(run) for run in action.reactions],
        }
    )


def _reaction_json(run: AutomationRun) -> dict[str, Any]:
    return {
        "automation": run.automation,
        "event": run.event_id,
        "detailType": run.detail_type,
        "loop": run.loop,
        "calls": [
            {
                "operation": call.operation,
                "input": call.params,
                "response": call.response,
                "error": {"code": call.error.code, "message": call.error.message}
                if call.error
                else None,
                "problem": call.problem,
            }
            for call in run.calls
        ],
    }


def _timer_json(run: TimerRun) -> dict[str, Any]:
    return {
        "time": format_instant(run.due),
        "kind": run.kind,
        "key": run.key,
        "note": run.note,
        "error": {"code": run.error.code, "message": run.error.message} if run.error else None,
        "automations": [_reaction_json(reaction) for reaction in run.reactions],
    }


def _step_json(step: StepResult) -> dict[str, Any]:
    out: dict[str, Any] = {
        "number": step.number,
        "kind": step.kind,
        "status": step.status,
        "at": str(step.pos),
        "time": format_instant(step.time),
    }
    if step.name:
        out["name"] = step.name
    if step.say:
        out["say"] = step.say
    if step.action:
        out["action"] = _action_json(step.action)
    if step.kind == "advance":
        out["advance"] = step.advanced
        out["until"] = format_instant(step.until) if step.until else None
        if step.timers:
            out["transitions"] = [_timer_json(run) for run in step.timers]
    if step.kind == "task":
        out["task"] = step.task
        out["solution"] = [_step_json(inner) for inner in step.solution]
        out["goal"] = [_action_json(goal) for goal in step.goal]
    if step.question:
        q = step.question
        out["ask"] = {
            "question": q.ask,
            "choices": q.choices,
            "answer": q.answer,
            "explain": q.explain,
        }
    return out


def render_json(result: ScenarioResult) -> dict[str, Any]:
    """The run as a JSON-ready mapping."""
    good, failed = result.checks()
    return {
        "path": result.path,
        "title": result.title,
        "passed": result.passed,
        "account": result.account,
        "region": result.region,
        "started": format_instant(result.started),
        "ended": format_instant(result.ended),
        "expectations": {"met": good, "failed": failed},
        "steps": [_step_json(step) for step in result.steps],
    }
