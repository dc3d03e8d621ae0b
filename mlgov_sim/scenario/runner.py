"""Playing a loaded scenario against a World, step by step, into a result a report can print.

The runner only calls `World.call` and `World.advance`; every rule lives in
the features. It stops at the first step that fails: later steps usually
build on it, and the first failure is the one a learner needs to see.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from mlgov_sim.core import templates as refs
from mlgov_sim.core.automations import AutomationRun
from mlgov_sim.core.errors import ServiceError
from mlgov_sim.core.scheduler import TimerRun
from mlgov_sim.core.world import World
from mlgov_sim.scenario.matching import Mismatch, mismatches
from mlgov_sim.scenario.model import (
    ActionStep,
    AdvanceStep,
    AskStep,
    Pos,
    SayStep,
    Scenario,
    Step,
    TaskStep,
)

PASSED, FAILED, INFO, NOT_RUN = "passed", "failed", "info", "not run"


@dataclass
class ActionResult:
    """One operation called, what came back, and whether it met the expectation."""

    operation: str
    principal: str
    params: dict[str, Any]
    time: datetime
    response: dict[str, Any] | None = None
    error: ServiceError | None = None
    expected: Any = None
    expected_error: tuple[str, str | None] | None = None
    mismatches: list[Mismatch] = field(default_factory=list)
    problem: str | None = None  # why the step failed, in one sentence
    reactions: list[AutomationRun] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.problem is None and not self.mismatches


@dataclass
class StepResult:
    """What one scenario step did, ready for a report."""

    number: int
    kind: str  # action | advance | say | task | ask
    pos: Pos
    status: str
    time: datetime
    name: str | None = None
    say: str | None = None
    action: ActionResult | None = None
    advanced: str | None = None
    until: datetime | None = None
    timers: list[TimerRun] = field(default_factory=list)  # what the advance set off
    task: str | None = None
    solution: list[StepResult] = field(default_factory=list)
    goal: list[ActionResult] = field(default_factory=list)
    question: AskStep | None = None


@dataclass
class ScenarioResult:
    """A whole run: the scenario, each step's result, and the simulated time span."""

    path: str
    title: str
    account: str
    region: str
    started: datetime
    ended: datetime
    steps: list[StepResult]

    @property
    def passed(self) -> bool:
        return all(step.status in (PASSED, INFO) for step in self.steps)

    def checks(self) -> tuple[int, int]:
        """(expectations passed, expectations failed), goals included."""
        good = bad = 0
        for step in _walk(self.steps):
            for action in ([step.action] if step.action else []) + step.goal:
                if action.expected is None and action.expected_error is None:
                    continue
                if action.ok:
                    good += 1
                else:
                    bad += 1
        return good, bad


def _walk(steps: list[StepResult]) -> list[StepResult]:
    out = []
    for step in steps:
        out.append(step)
        out += _walk(step.solution)
    return out


def new_world(scenario: Scenario, db: str | Path | None = None, replace: bool = False) -> World:
    """A fresh world as the scenario's `world` section describes it."""
    spec = scenario.world
    kwargs: dict[str, Any] = {"account": spec.account, "region": spec.region}
    if spec.clock is not None:
        kwargs["clock"] = spec.clock
    world = World.create(db, title=scenario.title, replace=replace, **kwargs)
    for role in spec.roles.values():
        world.add_role(role.name, role.policies, account=role.account or spec.account)
    for principal in spec.principals.values():
        role = spec.roles.get(principal.role) if principal.role else None
        # A role session belongs to the role's account, whatever the principal says (AWS).
        account = (role.account if role else None) or principal.account or spec.account
        arn = (
            f"arn:aws:sts::{account}:assumed-role/{principal.role}/{principal.name}"
            if principal.role
            else f"arn:aws:iam::{account}:user/{principal.name}"
        )
        world.add_principal(principal.name, account=account, arn=arn, role=principal.role)
    for automation in scenario.automations:
        steps = [
            {"operation": step.operation, "params": step.params, "name": step.name}
            for step in automation.do
        ]
        world.add_automation(automation.name, automation.on, steps, automation.principal)
    return world


class Runner:
    """Plays one scenario in one world."""

    def __init__(self, scenario: Scenario, world: World) -> None:
        self.scenario = scenario
        self.world = world
        info = world.info()
        self.scope: dict[str, Any] = {
            "world": {"account": info.account, "region": info.region},
        }

    def run(self) -> ScenarioResult:
        """Every step in order, stopping after the first failure."""
        started = self.world.now
        results: list[StepResult] = []
        setup = self._create_buckets()
        if setup is not None:
            results.append(setup)
        failed = setup is not None and setup.status == FAILED
        for number, step in enumerate(self.scenario.steps, start=1):
            if failed:
                results.append(StepResult(number, _kind(step), step.pos, NOT_RUN, self.world.now))
                continue
            result = self.play(number, step)
            results.append(result)
            failed = result.status == FAILED
        info = self.world.info()
        return ScenarioResult(
            path=self.scenario.path,
            title=self.scenario.title,
            account=info.account,
            region=info.region,
            started=started,
            ended=info.now,
            steps=results,
        )

    def _create_buckets(self) -> StepResult | None:
        buckets = self.scenario.world.buckets
        if not buckets:
            return None
        pos = Pos(self.scenario.path, 1, 1)
        region = self.world.info().region
        # Outside us-east-1, S3 wants the bucket's Region named (LocationConstraint).
        where = {} if region == "us-east-1" else {"LocationConstraint": region}
        for bucket in buckets:
            params: dict[str, Any] = {"Bucket": bucket}
            if where:
                params["CreateBucketConfiguration"] = where
            step = ActionStep(operation="s3:CreateBucket", params=params, pos=pos)
            action = self.act(step)
            if not action.ok:
                return StepResult(
                    0, "action", pos, FAILED, self.world.now, action=action, say="world.buckets"
                )
        return None

    def play(self, number: int, step: Step) -> StepResult:
        """One step of any kind."""
        now = self.world.now
        if isinstance(step, ActionStep):
            action = self.act(step)
            return StepResult(
                number,
                "action",
                step.pos,
                PASSED if action.ok else FAILED,
                now,
                name=step.name,
                say=step.say,
                action=action,
            )
        if isinstance(step, AdvanceStep):
            until = self.world.advance(step.duration)
            timers = list(self.world.last_timers)
            broken = any(run.error is not None or _loop(run) for run in timers)
            return StepResult(
                number,
                "advance",
                step.pos,
                FAILED if broken else INFO,
                now,
                say=step.say,
                advanced=step.text,
                until=until,
                timers=timers,
            )
        if isinstance(step, SayStep):
            return StepResult(number, "say", step.pos, INFO, now, say=step.text)
        if isinstance(step, TaskStep):
            return self._task(number, step)
        return StepResult(number, "ask", step.pos, INFO, now, question=step)

    def _task(self, number: int, step: TaskStep) -> StepResult:
        now = self.world.now
        solution: list[StepResult] = []
        for index, inner in enumerate(step.solution, start=1):
            played = self.play(index, inner)
            solution.append(played)
            if played.status == FAILED:
                return StepResult(
                    number, "task", step.pos, FAILED, now, task=step.task, solution=solution
                )
        goal = self.check_goal(step)
        ok = all(action.ok for action in goal)
        return StepResult(
            number,
            "task",
            step.pos,
            PASSED if ok else FAILED,
            now,
            task=step.task,
            solution=solution,
            goal=goal,
        )

    def check_goal(self, step: TaskStep) -> list[ActionResult]:
        """Every goal step, run and matched (goal steps only read)."""
        return [self.act(goal, via="goal check") for goal in step.goal]

    def act(self, step: ActionStep, via: str | None = None) -> ActionResult:
        """Call one operation, record its response under the step's name, check expectations."""
        self.scope["clock"] = {"now": self.world.now}
        result = ActionResult(step.operation, step.principal, step.params, self.world.now)
        try:
            result.params = refs.resolve(step.params, self.scope)
            expected = refs.resolve(step.expect, self.scope)
        except refs.UnresolvedReference as error:
            result.problem = str(error)
            return result
        result.expected = expected
        if step.expect_error:
            result.expected_error = (step.expect_error.code, step.expect_error.message_contains)
        try:
            outcome = self.world.call_and_react(
                step.operation, result.params, step.principal, via=via
            )
            result.response, result.reactions = outcome.response, outcome.reactions
        except ServiceError as error:
            result.error = error
        if step.name is not None and result.response is not None:
            self.scope[step.name] = result.response
        self._judge(result)
        return result

    @staticmethod
    def _judge(result: ActionResult) -> None:
        if result.expected_error is not None:
            code, contains = result.expected_error
            if result.error is None:
                result.problem = f"expected the call to be refused with {code}, but it succeeded"
            elif result.error.code != code:
                result.problem = f"expected {code}, got {result.error.code}"
            elif contains and contains not in result.error.message:
                result.problem = f"the {code} message does not contain {contains!r}"
            return
        if result.error is not None:
            result.problem = "the call was refused"
            return
        if result.expected is not None:
            result.mismatches = mismatches(result.expected, result.response)
        loops = [run.loop for run in result.reactions if run.loop]
        if loops:
            result.problem = loops[0]


def _loop(run: TimerRun) -> str | None:
    """The automation loop a timer's events started, if any (it fails the advance)."""
    return next((r.loop for r in run.reactions if r.loop), None)


def _kind(step: Step) -> str:
    return {
        ActionStep: "action",
        AdvanceStep: "advance",
        SayStep: "say",
        TaskStep: "task",
        AskStep: "ask",
    }[type(step)]


def run_scenario(scenario: Scenario, world: World) -> ScenarioResult:
    """Play `scenario` in `world` (see `new_world`) and return the result."""
    return Runner(scenario, world).run()
