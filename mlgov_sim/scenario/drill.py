"""`mlgov-sim step`: playing a scenario with the learner, one step at a time.

The scenario's own steps are played by the `Runner` exactly as `run` plays
them; at a task the learner acts instead of the solution, and the goal is
checked (as `run` checks it, marked "via goal check" in the audit trail) after
each command that changed the world: a read or a refusal changes nothing, so
it is not followed by a check. Every command goes through `World.call`.

Progress is saved in the world's database after every step and result (see
`progress`), so a session that ends, by `quit` or by the end of the input,
can be resumed. The terminal (or a pipe) is behind `Console`, the inspection
views behind `ShowView`: this module decides what happens, not how it looks
on a screen.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Protocol

from mlgov_sim.core.ops import find_operation
from mlgov_sim.core.world import World
from mlgov_sim.scenario import drill_view as view
from mlgov_sim.scenario.awscli import usage
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
from mlgov_sim.scenario.progress import (
    ALONE,
    SKIPPED,
    WITH_HINTS,
    WITH_SOLUTION,
    DrillProgress,
    Summary,
    save_progress,
)
from mlgov_sim.scenario.prompt import (
    Advance,
    Call,
    Command,
    CommandError,
    Enter,
    Show,
    Switch,
    Word,
    parse_command,
)
from mlgov_sim.scenario.runner import Runner

__all__ = ["Console", "Drill", "ShowView"]

LAST = "last"  # `${last.Field}` reads the response of the learner's latest successful call
_PROMPT_POS = Pos("<prompt>", 1, 1)


class Console(Protocol):
    """Where the drill reads lines and writes text: a terminal, or a pipe."""

    def read(self, prompt: str) -> str | None:
        """The next line typed (without its newline); None at the end of the input."""

    def write(self, text: str = "") -> None:
        """Show `text` (and a newline)."""


ShowView = Callable[[World, Show], str]


class _Stop(Exception):
    """`quit`, or the end of the input: save and stop."""


class Drill:
    """One learner session in one world, from the saved position to the end (or a stop)."""

    def __init__(
        self,
        scenario: Scenario,
        world: World,
        progress: DrillProgress,
        console: Console,
        show: ShowView,
    ) -> None:
        self.scenario = scenario
        self.world = world
        self.progress = progress
        self.console = console
        self.show_view = show
        self.runner = Runner(scenario, world)
        self.runner.scope.update(progress.scope)
        self.start = world.info().started_at

    # -- the session ------------------------------------------------------------

    def play(self, resumed: bool = False) -> Summary:
        """Play from the saved position until the end, `quit` or the end of the input."""
        steps = self.scenario.steps
        self.console.write(view.header(self.scenario, self.progress.position if resumed else None))
        try:
            while self.progress.position < len(steps):
                self._step(self.progress.position, steps[self.progress.position])
            self.progress.finished = True
            self._save()
        except _Stop:
            self._save()
            number, total = self.progress.position + 1, len(steps)
            self.console.write(view.dim(f"Stopped. The next step is {number} of {total}."))
        result = Summary.of(self.progress)
        tasks = sum(isinstance(step, TaskStep) for step in steps)
        asks = sum(isinstance(step, AskStep) for step in steps)
        self.console.write(view.summary(result, tasks, asks, self.progress.finished))
        return result

    def _save(self) -> None:
        save_progress(self.world, self.progress, self.runner.scope)

    def _done(self, outcome: str | None = None, kind: str = "") -> None:
        """The current step is over: record its result, move to the next, and save."""
        if outcome is not None:
            self.progress.record(self.progress.position + 1, kind, outcome)
        self.progress.position += 1
        self.progress.hints = self.progress.wrong = 0
        self._save()

    def _step(self, index: int, step: Step) -> None:
        number, total = index + 1, len(self.scenario.steps)
        when = view.clock(self.world.now, self.start)
        if isinstance(step, TaskStep):
            self.console.write(view.banner(number, total, "drill", when))
            self._task(step)
        elif isinstance(step, AskStep):
            self.console.write(view.banner(number, total, "question", when))
            self._ask(step)
        else:
            self.console.write(view.banner(number, total, _kind(step), when))
            self._play_scenario_step(number, step)
            self._done()
            self._pause()

    def _play_scenario_step(self, number: int, step: Step) -> None:
        if isinstance(step, SayStep):
            self.console.write(view.wrap(step.text))
        elif isinstance(step, AdvanceStep):
            if step.say:
                self.console.write(view.wrap(step.say))
            self._advance(lambda: self.runner.play(number, step), step.text)
        elif isinstance(step, ActionStep):
            result = self.runner.play(number, step)
            assert result.action is not None
            self.console.write(view.scenario_action(result.action, step.say))

    # -- prompts ----------------------------------------------------------------

    def _pause(self) -> None:
        """After a step the scenario played: Enter goes on; commands may be given meanwhile."""
        while True:
            command = self._read(view.dim("[Enter] next step, or a command > "))
            if command is None:
                continue
            if isinstance(command, Enter):
                return
            if isinstance(command, Word) and command.word in ("hint", "solution", "skip"):
                self.console.write(f"{command.word} is for drills and questions; press Enter.")
                continue
            self._common(command)

    def _task(self, step: TaskStep) -> None:
        self.console.write(view.bold("DRILL ") + view.wrap(step.task).lstrip())
        extra = " hint," if step.hint else ""
        self.console.write(
            view.dim(f"Act until the goal holds.{extra} solution, skip, help are there if needed.")
        )
        handy = _handy_references(self.runner.scope)
        if handy:
            self.console.write(view.dim("Responses to refer to: " + ", ".join(handy)))
        while True:
            command = self._read(self._prompt())
            if command is None:
                continue
            if isinstance(command, Enter):
                self.console.write(view.wrap(step.task))
                continue
            if isinstance(command, Word) and command.word == "hint":
                self._hint(step)
                continue
            if isinstance(command, Word) and command.word == "solution":
                self._solution(step)
                self._done(WITH_SOLUTION, "task")
                return
            if isinstance(command, Word) and command.word == "skip":
                self.console.write("Skipped.")
                self._done(SKIPPED, "task")
                return
            if self._common(command) and self._goal_holds(step):
                done = ALONE if self.progress.hints == 0 else WITH_HINTS
                self.console.write(view.ok(f"Drill done ({done})."))
                self._done(done, "task")
                return

    def _hint(self, step: TaskStep) -> None:
        if not step.hint:
            self.console.write("This drill has no hint; solution shows what to do.")
            return
        self.progress.hints += 1
        self._save()
        self.console.write(view.bold("Hint: ") + view.wrap(step.hint).lstrip())

    def _solution(self, step: TaskStep) -> None:
        self.console.write(view.dim("The solution, played for you:"))
        for number, inner in enumerate(step.solution, start=1):
            self._play_scenario_step(number, inner)
        self.console.write(view.goal_state(self.runner.check_goal(step)))

    def _goal_holds(self, step: TaskStep) -> bool:
        results = self.runner.check_goal(step)
        self.console.write(view.goal_state(results))
        return all(result.ok for result in results)

    def _ask(self, step: AskStep) -> None:
        self.console.write(view.question(step))
        while True:
            line = self._read_line(self._prompt("answer"))
            choice = _choice(line, step.choices)
            if choice is not None:
                if choice == step.answer:
                    first = self.progress.wrong == 0
                    self.console.write(view.explained(step, view.ok("✓ Right.")))
                    self._done("right first time" if first else "right after a wrong answer", "ask")
                    return
                self.progress.wrong += 1
                self._save()
                self.console.write(view.bad("✗ Not that one.") + " Try again.")
                continue
            command = self._parse(line)
            if command is None:
                continue
            if isinstance(command, Enter):
                self.console.write(view.answer_how(step) + view.dim(" solution shows the answer."))
            elif isinstance(command, Word) and command.word in ("solution", "skip", "hint"):
                if command.word == "hint":
                    self.console.write("Questions have no hint; solution shows the answer.")
                    continue
                self.console.write(view.explained(step, "Shown."))
                self._done("shown" if command.word == "solution" else SKIPPED, "ask")
                return
            else:
                self._common(command)

    def _prompt(self, what: str = "") -> str:
        label = f"{self.progress.principal} · step {self.progress.position + 1}"
        return f"[{label}{' · ' + what if what else ''}] $ "

    def _read_line(self, prompt: str) -> str:
        line = self.console.read(prompt)
        if line is None:
            raise _Stop
        return line

    def _read(self, prompt: str) -> Command | None:
        """The next command, or None (after saying why) when the line is not one."""
        return self._parse(self._read_line(prompt))

    def _parse(self, line: str) -> Command | None:
        self.runner.scope["clock"] = {"now": self.world.now}
        try:
            return parse_command(line, self.runner.scope)
        except CommandError as error:
            self.console.write(view.bad(str(error)))
            return None

    # -- commands any prompt takes ----------------------------------------------

    def _common(self, command: Command) -> bool:
        """Run a command any prompt takes; True when it changed the world."""
        if isinstance(command, Word):
            if command.word == "quit":
                raise _Stop
            self.console.write(HELP)
            return False
        if isinstance(command, Show):
            self.console.write(self.show_view(self.world, command))
            return False
        if isinstance(command, Switch):
            self._switch(command.principal)
            return False
        if isinstance(command, Advance):
            self._advance(lambda: self.world.advance(command.duration), command.text)
            return True
        if isinstance(command, Call):
            return self._call(command)
        return False

    def _switch(self, name: str) -> None:
        names = [row.name for row in self.world.principals()]
        if name not in names:
            close = difflib.get_close_matches(name, names, n=1)
            maybe = f"did you mean {close[0]!r}? " if close else ""
            self.console.write(
                view.bad(f"no principal named {name!r}; ") + f"{maybe}(here: {', '.join(names)})"
            )
            return
        self.progress.principal = name
        self._save()
        self.console.write(f"Now acting as {name}.")

    def _call(self, command: Call) -> bool:
        if command.help:
            self.console.write(usage(command.operation))
            return False
        step = ActionStep(
            operation=command.operation,
            params=command.params,
            pos=_PROMPT_POS,
            name=command.name,
            principal=command.principal or self.progress.principal,
        )
        result = self.runner.act(step)
        self.console.write(view.cli_result(result))
        if result.response is None:
            return False
        self.runner.scope[LAST] = result.response
        self._save()
        return not self._reads_only(command.operation)

    @staticmethod
    def _reads_only(operation: str) -> bool:
        return find_operation(operation).read_only

    def _advance(self, move: Callable[[], object], text: str) -> None:
        """Move the clock with `move`, then say what happened meanwhile."""
        events, calls = len(self.world.events()), len(self.world.audit_log())
        move()
        now = self.world.now
        self.console.write(view.cyan(f"advance {text}: clock now {view.clock(now, self.start)}"))
        for run in self.world.last_timers:  # the timeline: what changed, when
            said = run.note or (f"{run.kind} failed: {run.error.message}" if run.error else None)
            if said:
                self.console.write(f"  ↳ {view.clock(run.due, self.start)} {said}")
        happened = self.world.events()[events:]
        audited = self.world.audit_log()[calls:]
        for entry in audited:
            by = entry.principal + (f" (via {entry.via})" if entry.via else "")
            self.console.write(f"  {by}: {entry.operation} {entry.outcome}")
        for event in happened:
            self.console.write(f"  event: {event['detail-type']} {', '.join(event['resources'])}")
        if not happened and not audited:
            self.console.write(view.dim("  nothing happened meanwhile (no event, no call)"))


def _handy_references(scope: dict[str, object]) -> list[str]:
    """`${v2.ModelPackageArn}` for each ARN in a named response: what a drill usually needs."""
    found = []
    for name, response in scope.items():
        if name in ("world", "clock", LAST) or not isinstance(response, dict):
            continue
        found += [f"${{{name}.{key}}}" for key in response if str(key).endswith("Arn")]
    return found[:8]


def _choice(line: str, choices: list[str]) -> str | None:
    """The choice `line` names, by number or by its text (any case); None when none."""
    text = line.strip()
    if text.isdigit() and 1 <= int(text) <= len(choices):
        return choices[int(text) - 1]
    for choice in choices:
        if choice.lower() == text.lower():
            return choice
    return None


def _kind(step: Step) -> str:
    return {ActionStep: "action", AdvanceStep: "time", SayStep: "story"}.get(type(step), "step")


HELP = """\
Commands (what you type on AWS works here):
  sagemaker update-model-package --model-package-arn ARN --model-approval-status Approved
                          an AWS CLI command; values: text, numbers, JSON, or Key=v,Key=v
  sagemaker OPERATION help   the parameters of an operation, as the AWS CLI names them
  {do: UpdateModelPackage, with: {ModelPackageArn: "${v2.ModelPackageArn}"}}
                          a scenario step on one line of YAML (add name: N to keep the response)
  ${step.Field}           in any value: a field of a named step's response (${last...}: your
                          latest call's)
  as NAME [COMMAND]       act as NAME from now on, or for one command
  advance 1h              move the simulated clock (s, m, h, d, or PT1H)
  show registry | version ARN | audit | events | endpoints
                          look at the world (nothing is called)
  hint, solution, skip    in a drill; solution plays it for you, skip moves on
  quit                    stop here (with --db, `step --db` resumes at this step)
  Enter                   go on after a step the scenario played"""
