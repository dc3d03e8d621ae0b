"""Statistics over datapoints, as CloudWatch computes them for one period (pure functions).

Every stored datapoint is a statistic set (SampleCount, Sum, Minimum,
Maximum), which gives the five basic statistics of any group of them.
Percentiles (`p90`, `p99.9`) need the raw values: CloudWatch computes them
only from datapoints whose values are known (a single value, Values with
Counts, or a statistic set whose SampleCount is 1 or whose Minimum equals its
Maximum), and not when any value is negative.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

STATISTICS = ("SampleCount", "Average", "Sum", "Minimum", "Maximum")
_PERCENTILE = re.compile(r"^p(\d{1,2}(\.\d{1,10})?|100(\.0{1,10})?)$")


@dataclass(frozen=True, slots=True)
class Summary:
    """One period's datapoints summed up."""

    sample_count: float
    sum: float
    minimum: float
    maximum: float
    values: tuple[tuple[float, float], ...] | None  # (value, count); None when not all known

    def statistic(self, name: str) -> float | None:
        """`Average`, `Sum`, ... or a percentile `p90`; None when it cannot be computed."""
        if name == "SampleCount":
            return self.sample_count
        if name == "Sum":
            return self.sum
        if name == "Minimum":
            return self.minimum
        if name == "Maximum":
            return self.maximum
        if name == "Average":
            return self.sum / self.sample_count if self.sample_count else None
        return self.percentile(name)

    def percentile(self, name: str) -> float | None:
        if not is_percentile(name) or self.values is None or not self.values:
            return None
        if any(value < 0 for value, _ in self.values):
            return None
        rank = float(name[1:]) / 100
        ordered = sorted(self.values)
        total = sum(count for _, count in ordered)
        wanted = max(1.0, math.ceil(rank * total))  # nearest rank
        seen = 0.0
        for value, count in ordered:
            seen += count
            if seen >= wanted:
                return value
        return ordered[-1][0]


def is_percentile(name: str) -> bool:
    """Whether `name` is a percentile statistic CloudWatch accepts (`p0.0` to `p100`)."""
    return bool(_PERCENTILE.match(name))


@dataclass(frozen=True, slots=True)
class Point:
    """One datapoint's statistic set and, when known, its values with counts."""

    sample_count: float
    sum: float
    minimum: float
    maximum: float
    values: Sequence[Sequence[float]]


def summarise(points: Iterable[Point]) -> Summary | None:
    """The points of one period summed up; None when there are none."""
    count = total = 0.0
    low, high = math.inf, -math.inf
    values: list[tuple[float, float]] | None = []
    any_point = False
    for point in points:
        any_point = True
        count += point.sample_count
        total += point.sum
        low = min(low, point.minimum)
        high = max(high, point.maximum)
        if values is not None:
            known = _known_values(point)
            values = None if known is None else values + known
    if not any_point:
        return None
    return Summary(count, total, low, high, None if values is None else tuple(values))


def _known_values(point: Point) -> list[tuple[float, float]] | None:
    if point.values:
        return [(float(v), float(c)) for v, c in point.values]
    if point.sample_count == 1 or point.minimum == point.maximum:
        return [(point.minimum, point.sample_count)]
    return None
