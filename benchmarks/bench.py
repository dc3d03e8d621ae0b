"""Speed figures for mlgov-sim, printed, not asserted (shared machines are noisy).

    make bench

Targets (issue 3): CreateModelPackage >= 2,000 calls/s through World.call on
in-memory SQLite; one ListModelPackages page (100 items) on a group of 10,000
versions under 5 ms.
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import event

from mlgov_sim.app import World
from mlgov_sim.scenario.load import load_scenario
from mlgov_sim.scenario.runner import new_world, run_scenario

ROOT = Path(__file__).resolve().parent.parent
GROUP = "bench"


def rate(label: str, count: int, action: Callable[[int], object]) -> float:
    """Run `action` `count` times; print and return calls per second."""
    start = time.perf_counter()
    for i in range(count):
        action(i)
    elapsed = time.perf_counter() - start
    per_second = count / elapsed
    print(f"{label:<44} {per_second:>10,.0f} calls/s  ({count} calls, {elapsed:.2f} s)")
    return per_second


def latency_ms(action: Callable[[], object], repeat: int) -> float:
    """Median wall time of `action` in milliseconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def statements_per_call(world: World, count: int, action: Callable[[int], object]) -> float:
    """SQL statements `action` sends on average (executemany counts once): the steady figure.

    The listener that counts them sends core.fastsql's statements through
    `Connection.execute` too, so all are counted (and run slower meanwhile).
    """
    sent = 0

    def counted(*_: object) -> None:
        nonlocal sent
        sent += 1

    event.listen(world.engine, "before_cursor_execute", counted)
    try:
        for i in range(count):
            action(i)
    finally:
        event.remove(world.engine, "before_cursor_execute", counted)
    return sent / count


def main() -> int:
    world = World.create()
    world.call("CreateModelPackageGroup", {"ModelPackageGroupName": GROUP})
    create = rate(
        "CreateModelPackage (World.call)",
        3000,
        lambda i: world.call("CreateModelPackage", {"ModelPackageGroupName": GROUP}),
    )
    per_call = statements_per_call(
        world, 100, lambda i: world.call("CreateModelPackage", {"ModelPackageGroupName": GROUP})
    )
    print(f"{'CreateModelPackage, SQL statements per call':<44} {per_call:>10.1f}")
    arn = world.call("DescribeModelPackage", {"ModelPackageName": f"{GROUP}/1"})["ModelPackageArn"]
    statuses = ("Approved", "Rejected")
    rate(
        "UpdateModelPackage (World.call)",
        2000,
        lambda i: world.call(
            "UpdateModelPackage", {"ModelPackageArn": arn, "ModelApprovalStatus": statuses[i % 2]}
        ),
    )
    rate(
        "DescribeModelPackage (World.call)",
        3000,
        lambda i: world.call("DescribeModelPackage", {"ModelPackageName": f"{GROUP}/{i + 1}"}),
    )

    for _ in range(10_000 - 3100):
        world.call("CreateModelPackage", {"ModelPackageGroupName": GROUP})
    first = {"ModelPackageGroupName": GROUP, "MaxResults": 100}
    token = None
    for _ in range(50):  # a page in the middle of the group
        token = world.call("ListModelPackages", {**first, "NextToken": token} if token else first)[
            "NextToken"
        ]
    page_first = latency_ms(lambda: world.call("ListModelPackages", first), 100)
    page_middle = latency_ms(
        lambda: world.call("ListModelPackages", {**first, "NextToken": token}), 100
    )
    print(f"{'ListModelPackages, 100 of 10,000 (first page)':<44} {page_first:>10.2f} ms")
    print(f"{'ListModelPackages, 100 of 10,000 (page 51)':<44} {page_middle:>10.2f} ms")

    start = time.perf_counter()
    files = sorted((ROOT / "scenarios").glob("*.yaml"))
    passed = 0
    for path in files:
        result = run_scenario(load_scenario(path), new_world(load_scenario(path)))
        passed += result.passed
    scenarios_s = time.perf_counter() - start
    print(
        f"{'every shipped scenario (' + str(len(files)) + ' files, in-process)':<44} "
        f"{scenarios_s:>10.2f} s   ({passed}/{len(files)} passed)"
    )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'peak resident memory':<44} {peak_mb:>10.0f} MB")

    print()
    print(f"target CreateModelPackage >= 2,000 calls/s: {'met' if create >= 2000 else 'MISSED'}")
    worst = max(page_first, page_middle)
    print(f"target ListModelPackages page < 5 ms:       {'met' if worst < 5 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
