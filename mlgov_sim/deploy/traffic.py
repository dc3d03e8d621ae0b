"""The traffic split: which fleet and variant take what share, and where the next request goes.

Pure functions on an endpoint's fleets. A fleet is a list of variants
({VariantName, Weight, Instances, ...}); while a deployment is under way the
new (green) fleet takes `active / total` of the traffic and the old (blue)
fleet the rest, each spread over its variants by weight. Requests are routed
deterministically: each goes to the variant furthest behind its share of the
requests served since the split last changed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

BLUE, GREEN = "blue", "green"


@dataclass(frozen=True)
class Target:
    """A variant that takes traffic: its fleet, its entry and its share of all requests."""

    fleet: str
    variant: dict[str, Any]
    share: float

    @property
    def key(self) -> str:
        return f"{self.fleet}:{self.variant['VariantName']}"


def green_shares(pending: dict[str, Any] | None) -> tuple[float, float]:
    """The new fleet's share of traffic now, and once the shift under way completes."""
    if not pending:
        return 0.0, 0.0
    total = pending["Total"]
    current = pending["Active"] / total
    desired = pending["Target"] / total if pending["Phase"] == "ActivatingTraffic" else current
    return current, desired


def targets(fleet: list[dict[str, Any]], pending: dict[str, Any] | None) -> list[Target]:
    """The variants taking traffic now, green first, with their share of all requests."""
    green, _ = green_shares(pending)
    found: list[Target] = []
    if pending:
        found += _spread(GREEN, pending["Fleet"], green)
    found += _spread(BLUE, fleet, 1.0 - green)
    return [target for target in found if target.share > 0]


def _spread(name: str, fleet: list[dict[str, Any]], share: float) -> list[Target]:
    total = sum(variant["Weight"] for variant in fleet)
    if total <= 0 or share <= 0:
        return []
    return [Target(name, variant, share * variant["Weight"] / total) for variant in fleet]


def choose(found: list[Target], served: dict[str, int]) -> Target:
    """The target furthest behind its share of the requests served so far (ties: first listed)."""
    count = sum(served.get(target.key, 0) for target in found) + 1
    return max(found, key=lambda target: target.share * count - served.get(target.key, 0))


def green_instances(variant: dict[str, Any], launched: int, total: int) -> int:
    """A new variant's running instances when `launched` of the fleet's `total` are up."""
    return math.ceil(variant["Instances"] * launched / total) if total else 0


def blue_instances(variant: dict[str, Any], retired_share: float) -> int:
    """An old variant's instances still running once `retired_share` of its fleet is retired."""
    return variant["Instances"] - math.ceil(variant["Instances"] * retired_share - 1e-9)
