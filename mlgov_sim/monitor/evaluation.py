"""How a metric alarm decides its state from its datapoints (pure functions).

Follows "Configuring how CloudWatch alarms treat missing data" (CloudWatch
User Guide, alarms-and-missing-data): at each evaluation CloudWatch looks at
the *evaluation range*, more periods than EvaluationPeriods (N); the guide's
examples use 5 for N = 3, and the simulator takes N + 2. Then:

- at least N real datapoints in the range: the N most recent of them are
  evaluated; M (DatapointsToAlarm) or more breaching is ALARM, else OK, and
  TreatMissingData plays no part;
- none at all: `missing` gives INSUFFICIENT_DATA, `ignore` keeps the current
  state, `breaching` ALARM, `notBreaching` OK;
- some, but fewer than N: every real datapoint is evaluated, and missing ones
  are filled in as few times as possible. `breaching` / `notBreaching` fill
  them as breaching / not breaching. `missing` and `ignore` fill nothing: M
  breaching datapoints is ALARM, any non-breaching one makes it OK, and when
  every real datapoint breaches but fewer than M do, `ignore` keeps the
  current state while `missing` goes to ALARM if the oldest breaching
  datapoint is at least M periods old (so it and the missing periods after
  it cover M periods; AWS Knowledge Center "CloudWatch alarm single data
  point") and to INSUFFICIENT_DATA otherwise.

These reproduce every row of the guide's two tables (3 of 3 and 2 of 3).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass

OK = "OK"
ALARM = "ALARM"
INSUFFICIENT_DATA = "INSUFFICIENT_DATA"
EXTRA_PERIODS = 2  # the evaluation range holds EvaluationPeriods + 2 periods
LOOKAHEAD_STEPS = 20_000  # boundaries one look-ahead may examine

_COMPARISONS: dict[str, Callable[[float, float], bool]] = {
    "GreaterThanOrEqualToThreshold": lambda value, threshold: value >= threshold,
    "GreaterThanThreshold": lambda value, threshold: value > threshold,
    "LessThanThreshold": lambda value, threshold: value < threshold,
    "LessThanOrEqualToThreshold": lambda value, threshold: value <= threshold,
}
COMPARISON_WORDS = {
    "GreaterThanOrEqualToThreshold": "greater than or equal to",
    "GreaterThanThreshold": "greater than",
    "LessThanThreshold": "less than",
    "LessThanOrEqualToThreshold": "less than or equal to",
}
STATIC_COMPARISONS = tuple(_COMPARISONS)


@dataclass(frozen=True)
class Rule:
    """What an alarm compares: M of N datapoints against a threshold, and missing data."""

    comparison: str
    threshold: float
    evaluation_periods: int  # N
    datapoints_to_alarm: int  # M
    treat_missing_data: str = "missing"

    @property
    def range_size(self) -> int:
        """How many periods one evaluation looks at (the evaluation range)."""
        return self.evaluation_periods + EXTRA_PERIODS

    def breaches(self, value: float) -> bool:
        return _COMPARISONS[self.comparison](value, self.threshold)


@dataclass(frozen=True)
class Verdict:
    """One evaluation's outcome.

    `state` is None when the alarm keeps its current state (`ignore`).
    `evaluated` are the positions (in the range, oldest 0) of the real
    datapoints evaluated, newest first; `filled` how many missing datapoints
    TreatMissingData filled in; `breaching` how many evaluated datapoints,
    filled ones included, breach.
    """

    state: str | None
    evaluated: tuple[int, ...] = ()
    breaching: int = 0
    filled: int = 0


def evaluate(values: Sequence[float | None], rule: Rule) -> Verdict:
    """The verdict on the evaluation range `values` (oldest first; None is a missing period)."""
    points = [(i, value) for i, value in enumerate(values) if value is not None]
    return evaluate_points(points, len(values), rule)


def evaluate_points(points: Sequence[tuple[int, float]], size: int, rule: Rule) -> Verdict:
    """`evaluate` on a range of `size` periods given by its real datapoints only.

    `points` are (position in the range, oldest 0; value), oldest first.
    """
    real = [i for i, _ in points]
    value_at = dict(points)
    n, m = rule.evaluation_periods, rule.datapoints_to_alarm
    treat = rule.treat_missing_data
    if len(real) >= n:
        chosen = tuple(reversed(real[-n:]))
        hits = sum(rule.breaches(value_at[i]) for i in chosen)
        return Verdict(ALARM if hits >= m else OK, chosen, hits)
    chosen = tuple(reversed(real))
    hits = sum(rule.breaches(value_at[i]) for i in chosen)
    fills = n - len(real)
    if treat == "breaching":
        return Verdict(ALARM if hits + fills >= m else OK, chosen, hits + fills, fills)
    if treat == "notBreaching":
        return Verdict(ALARM if hits >= m else OK, chosen, hits, fills)
    if not real:
        return Verdict(None if treat == "ignore" else INSUFFICIENT_DATA)
    if hits >= m:
        return Verdict(ALARM, chosen, hits)
    if hits < len(real):  # a real datapoint within the threshold
        return Verdict(OK, chosen, hits)
    if treat == "ignore":
        return Verdict(None, chosen, hits)
    oldest_age = size - real[0]
    return Verdict(ALARM if oldest_age >= m else INSUFFICIENT_DATA, chosen, hits)


def first_change(
    series: dict[int, float], rule: Rule, state: str, start: int, last: int | None
) -> int | None:
    """The first evaluation (boundary index >= `start`) at which the state may change.

    `series` maps period indexes (period start / Period) to the statistic's
    value; the evaluation at boundary k looks at periods k - range .. k - 1.
    `last` is the latest period index holding data (None: none at all): past
    `last + range` every range is empty, so the search ends at the first such
    boundary. A search longer than LOOKAHEAD_STEPS stops early and returns
    where it stopped: the evaluation there looks further.
    """
    size = rule.range_size
    end = start if last is None else max(start, last + size + 1)
    end = min(end, start + LOOKAHEAD_STEPS)
    indexes = sorted(series)
    for k in range(start, end + 1):
        low, high = bisect_left(indexes, k - size), bisect_left(indexes, k)
        points = [(j - (k - size), series[j]) for j in indexes[low:high]]
        verdict = evaluate_points(points, size, rule)
        if (verdict.state or state) != state:
            return k
    return end if last is not None and end < last + size + 1 else None
