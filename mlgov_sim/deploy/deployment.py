"""An endpoint's life on the simulated clock, and the guardrail deployment state machine.

    CreateEndpoint:  Creating -4m-> InService (Failed if a container fails its health check)
    DeleteEndpoint:  Deleting -1m-> (gone)
    UpdateEndpoint:  Updating, then for each shift of the plan (deploy.guardrails):
        launch the new fleet (4m; a rolling update launches each batch)
          -> ActivatingTraffic (1m; DesiredWeight moves, CurrentWeight not yet)
          -> Baking (WaitIntervalInSeconds; the last shift TerminationWaitInSeconds)
        after the last bake: InService on the new config, old fleet terminated.

Every step checks the DeploymentConfig's alarms (an alarm already in ALARM
rolls back), and an alarm going to ALARM while the deployment runs rolls it
back at once, inside the transaction that changed the alarm (a listener on
CloudWatch's "CloudWatch Alarm State Change"). So does a deployment still
running at MaximumExecutionTimeoutInSeconds. Rolling back moves all traffic
to the old fleet, drops the new one and leaves the endpoint InService on its
old endpoint config, with a FailureReason saying why (RollingBack is AWS's
status for failed weight or capacity changes, not for this).

When a step and an alarm's evaluation fall due at one instant, the
evaluation runs first; when a step and the timeout do, the step does
(`_let_others_run_first`).

Each step returns one line for the report of the advance that ran it, and
adds it to the endpoint's timeline (what `inspect` shows).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from mlgov_sim.core import scheduler
from mlgov_sim.core.call import Call
from mlgov_sim.core.clock import format_instant
from mlgov_sim.core.listeners import listen
from mlgov_sim.core.tagging import drop_tags
from mlgov_sim.deploy import alarms, events
from mlgov_sim.deploy import fleet as fleets
from mlgov_sim.deploy.guardrails import Plan
from mlgov_sim.deploy.store import ENDPOINTS, Endpoint, snapshot

TIMER = "sagemaker:endpoint"
NOTE_TIMER = "sagemaker:endpoint-note"
CREATING = timedelta(minutes=4)
LAUNCHING = timedelta(minutes=4)
ACTIVATING = timedelta(minutes=1)
DELETING = timedelta(minutes=1)
MAX_WAITS = 10  # how often a timer lets the others due at its instant run first


# -- create and delete ------------------------------------------------------------


def create(call: Call, endpoint: Endpoint) -> None:
    """A new endpoint: Creating now, InService once its fleet is up."""
    endpoint.status = "Creating"
    _schedule(call, endpoint, "InService", CREATING)
    remember(call, endpoint, f"endpoint {endpoint.name}: Creating on {endpoint.config_name}")


def delete(call: Call, endpoint: Endpoint) -> None:
    """DeleteEndpoint: Deleting now, gone a minute later; pending transitions are dropped."""
    scheduler.cancel(call, endpoint.arn)
    endpoint.status = "Deleting"
    endpoint.pending = None
    _schedule(call, endpoint, "Deleted", DELETING)
    remember(call, endpoint, f"endpoint {endpoint.name}: Deleting")


# -- starting a deployment -----------------------------------------------------------


def start(
    call: Call,
    endpoint: Endpoint,
    config: tuple[str, str],
    fleet: list[dict[str, Any]],
    plan: Plan,
    guarded: bool,
) -> None:
    """UpdateEndpoint: Updating, the new fleet (or its first batch) launching."""
    name, arn = config
    first = plan.steps[0] if plan.rolling else plan.total
    endpoint.pending = {
        "Id": call.next_number(),
        "ConfigName": name,
        "ConfigArn": arn,
        "StartTime": format_instant(call.now),
        "Fleet": fleet,
        "Kind": plan.kind,
        "Rolling": plan.rolling,
        "Steps": plan.steps,
        "Bakes": plan.bakes,
        "Timeout": plan.timeout,
        "Alarms": plan.alarms,
        "Guarded": guarded,
        "Total": plan.total,
        "Step": 0,
        "Phase": "Creating",
        "Active": 0,
        "Target": 0,
        "Launched": 0,
        "VariantStatus": _status(call, "Creating", f"Launching {first} instance(s)."),
    }
    endpoint.status = "Updating"
    endpoint.failure_reason = None
    endpoint.served = {}
    _schedule(call, endpoint, "activate", LAUNCHING)
    if plan.timeout is not None:
        _schedule(call, endpoint, "timeout", timedelta(seconds=plan.timeout))
    how = "rolling update" if plan.rolling else f"blue/green {plan.kind}"
    remember(
        call,
        endpoint,
        f"endpoint {endpoint.name}: Updating to {name} ({how}); launching {first} instance(s)",
    )


# -- the timers ----------------------------------------------------------------------


def advance_endpoint(call: Call, payload: dict[str, Any]) -> str | None:
    """The scheduler's entry point: move the endpoint at `payload["arn"]` on."""
    endpoint = ENDPOINTS.find(call.db, payload["arn"])
    if endpoint is None:
        return None
    to = payload["to"]
    if to == "Deleted":
        ENDPOINTS.remove(call.db, endpoint)
        drop_tags(call.db, endpoint.arn)
        return f"endpoint {endpoint.name}: deleted"
    before = snapshot(endpoint)
    if to == "InService":
        failing = fleets.failing_health_check(endpoint.fleet)
        if failing is None:
            endpoint.status = "InService"
            what = f"endpoint {endpoint.name}: InService on {endpoint.config_name}"
        else:
            endpoint.status = "Failed"
            endpoint.failure_reason = fleets.health_check_failure(failing)
            what = f"endpoint {endpoint.name}: Failed: {endpoint.failure_reason}"
        note = remember(call, endpoint, what)
        finish_change(call, before, endpoint, deployment=False)
        return note
    pending = endpoint.pending
    if pending is None or pending["Id"] != payload.get("id"):
        return None  # a deployment since finished or rolled back
    if _let_others_run_first(call, endpoint, payload):
        return None
    if to == "timeout":
        why = (
            "the deployment did not finish within MaximumExecutionTimeoutInSeconds "
            f"({pending['Timeout']} s)"
        )
        note = rollback(call, endpoint, why)
    else:
        alarm = alarms.first_in_alarm(call.db, endpoint.account, pending["Alarms"])
        if alarm is not None:
            note = rollback(call, endpoint, f"alarm {alarm} in ALARM")
        else:
            note = _STEPS[to](call, endpoint)
    finish_change(call, before, endpoint, deployment=pending["Guarded"])
    return note


def _let_others_run_first(call: Call, endpoint: Endpoint, payload: dict[str, Any]) -> bool:
    """Run this timer again at this instant, after the others due now, if they decide its outcome.

    Timers due at one instant run in the order they were scheduled, which
    nobody can see. So that the outcome does not depend on it: a step waits
    for the evaluations of its alarms due now (an alarm going off as a bake
    ends rolls back), and the timeout waits for a step due now (a deployment
    completing at its timeout completed). A timer waits at most MAX_WAITS
    times, in case the timer it waits for failed.
    """
    pending = _pending(endpoint)
    waited = int(payload.get("waited", 0))
    if waited >= MAX_WAITS:
        return False
    step_due = payload["to"] == "timeout" and pending.get("Due") == format_instant(call.now)
    if not step_due and not alarms.evaluation_due(
        call.db, endpoint.account, pending["Alarms"], call.now
    ):
        return False
    again = {**payload, "waited": waited + 1}
    scheduler.schedule(call, call.now, TIMER, again, key=endpoint.arn)
    return True


def _activate(call: Call, endpoint: Endpoint) -> str:
    """Traffic is being turned on for the step's instances (the new fleet, or batch, is up)."""
    pending = _pending(endpoint)
    failing = fleets.failing_health_check(pending["Fleet"])
    if failing is not None:  # the new instances never come up: the update fails, traffic stays
        why = f"the primary container for production variant {failing} did not pass the ping "
        return rollback(call, endpoint, why + "health check")
    step, total = pending["Step"], pending["Total"]
    target = pending["Steps"][step]
    pending["Launched"] = target if pending["Rolling"] else total
    pending["Target"] = target
    pending["Phase"] = "ActivatingTraffic"
    pending["VariantStatus"] = _status(
        call, "ActivatingTraffic", f"Activating traffic on {_capacity(pending, target)}."
    )
    _schedule(call, endpoint, "bake", ACTIVATING)
    return remember(
        call,
        endpoint,
        f"endpoint {endpoint.name}: activating traffic on {_capacity(pending, target)}",
    )


def _bake(call: Call, endpoint: Endpoint) -> str:
    """The step's instances take their share of traffic; baking starts."""
    pending = _pending(endpoint)
    step, total = pending["Step"], pending["Total"]
    pending["Active"] = pending["Target"]
    pending["Phase"] = "Baking"
    seconds = pending["Bakes"][step]
    last = step == len(pending["Steps"]) - 1
    setting = (
        "TerminationWaitInSeconds" if last and not pending["Rolling"] else "WaitIntervalInSeconds"
    )
    capacity = _capacity(pending, pending["Active"])
    pending["VariantStatus"] = _status(
        call,
        "Baking",
        f"Baking for {seconds} seconds ({setting}) with traffic enabled on {capacity}.",
    )
    endpoint.served = {}
    _schedule(call, endpoint, "next", timedelta(seconds=seconds))
    share = round(100 * pending["Active"] / total)
    baking = f"; baking {seconds} s" if seconds else ""
    return remember(
        call, endpoint, f"endpoint {endpoint.name}: {_who(pending)} {share}% of traffic{baking}"
    )


def _next(call: Call, endpoint: Endpoint) -> str:
    """A bake ended with no alarm: the next shift, the next batch, or the end."""
    pending = _pending(endpoint)
    if pending["Step"] == len(pending["Steps"]) - 1:
        return _finish(call, endpoint)
    pending["Step"] += 1
    if not pending["Rolling"]:
        return _activate(call, endpoint)
    batch = pending["Steps"][pending["Step"]] - pending["Steps"][pending["Step"] - 1]
    pending["Phase"] = "Creating"
    pending["VariantStatus"] = _status(call, "Creating", f"Launching {batch} instance(s).")
    _schedule(call, endpoint, "activate", LAUNCHING)
    return remember(
        call, endpoint, f"endpoint {endpoint.name}: launching the next batch of {batch} instance(s)"
    )


def _finish(call: Call, endpoint: Endpoint) -> str:
    pending = _pending(endpoint)
    endpoint.config_name = pending["ConfigName"]
    endpoint.fleet = pending["Fleet"]
    endpoint.pending = None
    endpoint.status = "InService"
    endpoint.served = {}
    scheduler.cancel(call, endpoint.arn)  # the timeout, if any
    return remember(
        call,
        endpoint,
        f"endpoint {endpoint.name}: InService on {endpoint.config_name}; old fleet terminated",
    )


_STEPS = {"activate": _activate, "bake": _bake, "next": _next}


# -- rolling back --------------------------------------------------------------------


def rollback(call: Call, endpoint: Endpoint, why: str) -> str:
    """All traffic back on the old fleet, the new one dropped: InService on the old config."""
    pending = _pending(endpoint)
    scheduler.cancel(call, endpoint.arn)
    endpoint.pending = None
    endpoint.status = "InService"
    endpoint.served = {}
    endpoint.failure_reason = (
        f"Deployment of endpoint config {pending['ConfigName']} was rolled back: {why}. "
        f"All traffic is back on endpoint config {endpoint.config_name}."
    )
    return remember(
        call,
        endpoint,
        f"endpoint {endpoint.name}: rolled back: {why}; 100% of traffic back on "
        f"{endpoint.config_name}",
    )


def on_alarm(call: Call, event: dict[str, Any]) -> None:
    """An alarm went to ALARM: roll back every deployment watching it, in this transaction.

    The rollback's line for the report is handed to a timer due now, so the
    advance (or the next one, after a call such as SetAlarmState) reports it
    at the time it happened.
    """
    name = alarms.event_alarm(event)
    if name is None:
        return
    table = ENDPOINTS.table
    statement = ENDPOINTS.select().where(
        table.c.account == event["account"],
        table.c.region == event["region"],
        table.c.status == "Updating",
    )
    for row in call.db.execute(statement.order_by(table.c.id)).all():
        endpoint = Endpoint(*row)
        if endpoint.pending is None or name not in endpoint.pending["Alarms"]:
            continue
        before = snapshot(endpoint)
        note = rollback(call, endpoint, f"alarm {name} in ALARM")
        finish_change(call, before, endpoint, deployment=True)
        scheduler.schedule(call, call.now, NOTE_TIMER, {"note": note})


def _say(call: Call, payload: dict[str, Any]) -> str | None:
    return payload.get("note")


# -- helpers -----------------------------------------------------------------------------


def finish_change(call: Call, before: Endpoint, endpoint: Endpoint, *, deployment: bool) -> None:
    """Save the endpoint and announce it: its status if that changed, its deployment if guarded."""
    endpoint.last_modified_time = call.now
    ENDPOINTS.save(call.db, before, endpoint)
    if endpoint.status != before.status or endpoint.config_name != before.config_name:
        events.endpoint_changed(call, endpoint)
    if deployment:
        events.deployment_changed(call, endpoint)


def remember(call: Call, endpoint: Endpoint, note: str) -> str:
    """Add `note` to the endpoint's timeline (what `inspect` shows) and return it."""
    endpoint.timeline = [*endpoint.timeline, {"Time": format_instant(call.now), "What": note}]
    return note


def _pending(endpoint: Endpoint) -> dict[str, Any]:
    if endpoint.pending is None:
        raise RuntimeError(f"endpoint {endpoint.name} has no deployment under way")
    return endpoint.pending


def _status(call: Call, status: str, message: str) -> dict[str, Any]:
    return {"Status": status, "StatusMessage": message, "StartTime": format_instant(call.now)}


def _capacity(pending: dict[str, Any], instances: int) -> str:
    """`canary capacity of 1 instance(s)`, `full capacity of 4 instance(s)`, `2 of 4 instance(s)`.

    The wording of AWS's VariantStatus messages.
    """
    if pending["Kind"] == "CANARY" and pending["Step"] == 0:
        return f"canary capacity of {instances} instance(s)"
    if instances == pending["Total"]:
        return f"full capacity of {instances} instance(s)"
    return f"{instances} of {pending['Total']} instance(s)"


def _who(pending: dict[str, Any]) -> str:
    """Who takes traffic after a shift, for the report: `canary 1 instance(s) take`."""
    active, total = pending["Active"], pending["Total"]
    if pending["Kind"] == "CANARY" and pending["Step"] == 0:
        return f"canary {active} instance(s) take"
    if active == total:
        return f"new fleet of {total} instance(s) takes"
    return f"{active} of {total} new instance(s) take"


def _schedule(call: Call, endpoint: Endpoint, to: str, after: timedelta) -> None:
    payload: dict[str, Any] = {"arn": endpoint.arn, "to": to}
    if endpoint.pending is not None:
        payload["id"] = endpoint.pending["Id"]
        if to != "timeout":  # when the deployment's next step is due (the timeout reads it)
            endpoint.pending["Due"] = format_instant(call.now + after)
    scheduler.schedule(call, call.now + after, TIMER, payload, key=endpoint.arn)


scheduler.register_timer(TIMER, advance_endpoint)
scheduler.register_timer(NOTE_TIMER, _say)
listen(
    {
        "source": [alarms.SOURCE],
        "detail-type": [alarms.ALARM_STATE_CHANGE],
        "detail": {"state": {"value": [alarms.IN_ALARM]}},
    },
    on_alarm,
)
