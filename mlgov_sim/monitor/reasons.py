"""StateReason and StateReasonData in CloudWatch's words, for a state an evaluation decided.

CloudWatch writes, for example (its EventBridge documentation):

    Threshold Crossed: 1 out of the last 1 datapoints [99.50160229693434 (02/10/19 16:59:00)]
    was greater than the threshold (50.0) (minimum 1 datapoint for OK -> ALARM transition).

with the JSON StateReasonData `{"version":"1.0","queryDate":...,"startDate":...,
"statistic":"Average","period":300,"recentDatapoints":[...],"threshold":50.0,
"evaluatedDatapoints":[{"timestamp":...,"sampleCount":1.0,"value":...}]}`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mlgov_sim.monitor.evaluation import ALARM, COMPARISON_WORDS, OK, Rule, Verdict

INITIAL_REASON = "Unchecked: Initial alarm creation"
_TREATED = {"breaching": "Breaching", "notBreaching": "NonBreaching"}


@dataclass(frozen=True)
class Evaluated:
    """One real datapoint of the range: its period's start, value and sample count."""

    start: datetime
    value: float
    sample_count: float


def stamp(moment: datetime) -> str:
    """`2019-10-02T17:04:40.989+0000`, the form of CloudWatch's reason data and events."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}+0000"


def _short(moment: datetime) -> str:
    return moment.strftime("%d/%m/%y %H:%M:%S")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def reason(verdict: Verdict, rule: Rule, points: list[Evaluated], old: str, new: str) -> str:
    """The StateReason of a change from `old` to `new`; `points` as in `verdict.evaluated`."""
    n, m = rule.evaluation_periods, rule.datapoints_to_alarm
    if new not in (OK, ALARM):
        missing = rule.range_size - len(points)
        verb = "was" if missing == 1 else "were"
        return f"Insufficient Data: {_plural(missing, 'datapoint')} {verb} unknown."
    to_alarm = new == ALARM
    words = COMPARISON_WORDS[rule.comparison]
    shown = [p for p in points if rule.breaches(p.value) == to_alarm]
    filled = verdict.filled if (rule.treat_missing_data == "breaching") == to_alarm else 0
    minimum = m if to_alarm else n - m + 1
    tail = f"(minimum {_plural(minimum, 'datapoint')} for {old} -> {new} transition)."
    if not points:
        treated = _TREATED.get(rule.treat_missing_data, rule.treat_missing_data)
        return (
            f"Threshold Crossed: no datapoints were received for {_plural(n, 'period')} and "
            f"{_plural(verdict.filled, 'missing datapoint')} "
            f"{'was' if verdict.filled == 1 else 'were'} treated as [{treated}]."
        )
    listed = ", ".join(f"{p.value!r} ({_short(p.start)})" for p in shown)
    verb = "was" if len(shown) == 1 else "were"
    negation = "" if to_alarm else "not "
    text = (
        f"Threshold Crossed: {len(shown)} out of the last {len(points) + verdict.filled} "
        f"datapoints [{listed}] {verb} {negation}{words} the threshold ({rule.threshold!r})"
    )
    if filled:
        treated = _TREATED[rule.treat_missing_data]
        text += (
            f", and {_plural(filled, 'missing datapoint')} "
            f"{'was' if filled == 1 else 'were'} treated as [{treated}]"
        )
    return f"{text} {tail}"


def reason_data(
    rule: Rule, statistic: str, period: int, points: list[Evaluated], now: datetime
) -> str:
    """StateReasonData as JSON text (`points` newest first)."""
    data: dict[str, Any] = {"version": "1.0", "queryDate": stamp(now)}
    if points:
        data["startDate"] = stamp(points[-1].start)
    data["statistic"] = statistic
    data["period"] = period
    data["recentDatapoints"] = [p.value for p in reversed(points)]
    data["threshold"] = rule.threshold
    data["evaluatedDatapoints"] = [
        {"timestamp": stamp(p.start), "sampleCount": p.sample_count, "value": p.value}
        for p in points
    ]
    return json.dumps(data, separators=(",", ":"))
