"""A learner's progress through a scenario, kept in the world's own database.

`mlgov-sim step --db FILE` stores one row here beside the world it plays in, so
that `quit` and a later `step --db FILE` resume at the same step in the same
world: the step being played, the drill and question results so far, the
principal the learner acts as, and the responses later steps' `${name...}`
references read. The table is declared with SQLModel, so importing this module
before `World.create` or `World.open` is enough for the world to have it.

A world remembers which scenario file made it (path, title and a digest of
the text), so resuming with another file, or with the file changed since, is
refused instead of replaying steps that do not belong to this world.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, Session, SQLModel

from mlgov_sim.core.db import transaction
from mlgov_sim.core.shapes import to_jsonable
from mlgov_sim.core.world import World

__all__ = [
    "ALONE",
    "SKIPPED",
    "WITH_HINTS",
    "WITH_SOLUTION",
    "DrillProgress",
    "Summary",
    "digest",
    "load_progress",
    "save_progress",
]

ALONE, WITH_HINTS, WITH_SOLUTION, SKIPPED = "alone", "with hints", "with the solution", "skipped"


class DrillProgress(SQLModel, table=True):
    """Where a learner is in the scenario this world was made from (one row per world)."""

    __tablename__ = "drill_progress"

    id: int = Field(default=1, primary_key=True)
    scenario_path: str
    scenario_title: str
    scenario_digest: str
    position: int = 0  # index in scenario.steps of the step being played
    principal: str = "admin"  # who the learner's commands act as
    hints: int = 0  # hints shown in the drill being played
    wrong: int = 0  # wrong answers to the question being asked
    finished: bool = False
    # One entry per drill or question done: {"step": n, "kind": "task"|"ask", "outcome": ...}.
    results: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    # Responses of named steps (the scenario's and the learner's), for `${name...}`.
    scope: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))

    def record(self, step: int, kind: str, outcome: str) -> None:
        """Note how drill or question number `step` (1-based) ended."""
        self.results = [*self.results, {"step": step, "kind": kind, "outcome": outcome}]


def digest(path: str | Path) -> str:
    """A short fingerprint of the scenario's text: the same file, unchanged, has the same one."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


def load_progress(world: World) -> DrillProgress | None:
    """The progress stored with `world`; None when `step` did not make it."""
    with Session(world.engine, expire_on_commit=False) as session:
        return session.get(DrillProgress, 1)


def save_progress(world: World, progress: DrillProgress, scope: dict[str, Any]) -> None:
    """Store `progress` (with the references' scope, as JSON) in the world's database."""
    progress.scope = to_jsonable({k: v for k, v in scope.items() if k not in ("world", "clock")})
    with transaction(world.engine) as session:
        session.merge(progress)


@dataclass(frozen=True)
class Summary:
    """How the learner did: drills by how they were done, and questions right first time."""

    drills: dict[str, int]
    questions: int
    right_first_time: int

    @classmethod
    def of(cls, progress: DrillProgress) -> Summary:
        """Count the results recorded in `progress`."""
        drills = {ALONE: 0, WITH_HINTS: 0, WITH_SOLUTION: 0, SKIPPED: 0}
        questions = right = 0
        for result in progress.results:
            if result["kind"] == "task":
                drills[result["outcome"]] = drills.get(result["outcome"], 0) + 1
            else:
                questions += 1
                right += result["outcome"] == "right first time"
        return cls(drills, questions, right)
