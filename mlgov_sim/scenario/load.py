"""Load a scenario file: YAML in, checked `Scenario` dataclasses out, or one `ScenarioError`.

The whole contract of docs/scenario-format.md is checked here, before anything
runs, so a learner hears about a typo at its line and column instead of
half-way through a story. The top level, the world and automations live in
this module; steps in `load_steps`, inputs and expectations in `load_params`,
references in `load_refs`, and YAML positions in `yamlsource`.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import mlgov_sim.app  # noqa: F401  (registers every operation a step may name)
from mlgov_sim.core.access import validate_policy
from mlgov_sim.core.clock import parse_instant
from mlgov_sim.core.patterns import pattern_problems
from mlgov_sim.scenario.load_base import (
    check_keys,
    describe,
    expect_map,
    expect_seq,
    expect_text,
    listing,
    optional_text,
    require,
    suggest,
    text_list,
)
from mlgov_sim.scenario.load_refs import Scope, check_refs
from mlgov_sim.scenario.load_steps import (
    ADMIN,
    AUTOMATION,
    STEPS,
    StepContext,
    check_principal,
    load_steps,
)
from mlgov_sim.scenario.model import (
    ActionStep,
    Automation,
    PrincipalSpec,
    RoleSpec,
    Scenario,
    ScenarioError,
    WorldSpec,
)
from mlgov_sim.scenario.yamlsource import Map, Node, Scalar, parse_yaml, read_yaml, to_python

__all__ = ["CONCEPTS", "build_scenario", "load_scenario", "parse_scenario"]

TOP_KEYS = ("title", "summary", "concepts", "world", "automations", "steps")
WORLD_KEYS = ("account", "region", "clock", "principals", "roles", "buckets")
ROLE_KEYS = ("policies", "account")
PRINCIPAL_KEYS = ("role", "account")
AUTOMATION_KEYS = ("name", "on", "as", "do")
STATEMENT_KEYS = ("Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition")
CONCEPTS = (
    "model-registry",
    "versioning",
    "approval",
    "lifecycle-stages",
    "rollback",
    "deployment-guardrails",
    "events",
    "lineage",
    "metadata",
    "canvas-sharing",
    "access-control",
    "cross-account",
    "bias",
    "explainability",
    "debugger",
    "model-cards",
    "audit",
)
_ACCOUNT = re.compile(r"^[0-9]{12}$")
_REGION = re.compile(r"^[a-z]{2,}(-[a-z]+)+-[0-9]+$")
_IAM_NAME = re.compile(r"^[A-Za-z0-9+=,.@_-]{1,64}$")
_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")


def load_scenario(path: str | Path) -> Scenario:
    """The scenario in the file at `path`; ScenarioError (with its position) when it is not one."""
    return _checked(read_yaml(path), str(path))


def parse_scenario(text: str, file: str = "<scenario>") -> Scenario:
    """The scenario in `text`, with positions naming `file`."""
    return _checked(parse_yaml(text, file), file)


def _checked(root: Node | None, file: str) -> Scenario:
    try:
        return build_scenario(root, file)
    except RecursionError:
        raise ScenarioError(None, f"{file}: the YAML is nested too deeply") from None


def build_scenario(root: Node | None, file: str) -> Scenario:
    """Check the located document `root` against the contract and build the scenario."""
    if root is None:
        raise ScenarioError(None, f"{file}: the file is empty; a scenario needs title and steps")
    top = expect_map(root, "a scenario")
    check_keys(top, TOP_KEYS, "a scenario")
    title = expect_text(require(top, "title", "a scenario"), "'title'")
    steps_node = require(top, "steps", "a scenario (at least one step)")
    concepts_node = top.get("concepts")
    world_node = top.get("world")
    world = WorldSpec() if world_node is None else load_world(world_node)
    principals = frozenset(world.principals)
    automations_node = top.get("automations")
    automations = [] if automations_node is None else load_automations(automations_node, principals)
    return Scenario(
        path=file,
        title=title,
        steps=load_steps(steps_node, StepContext(principals), STEPS),
        summary=optional_text(top, "summary", "'summary'"),
        concepts=[] if concepts_node is None else load_concepts(concepts_node),
        world=world,
        automations=automations,
    )


def load_concepts(node: Node) -> list[str]:
    """Concept tags, each one of those the contract lists."""
    tags = text_list(node, "'concepts'")
    for item, tag in zip(expect_seq(node, "'concepts'").items, tags, strict=True):
        if tag not in CONCEPTS:
            raise ScenarioError(
                item.pos,
                f"unknown concept {tag!r}{suggest(tag, CONCEPTS)} (allowed: {listing(CONCEPTS)})",
            )
    return tags


def load_world(node: Node) -> WorldSpec:
    """The world; roles are read before principals, which name them."""
    spec = expect_map(node, "'world'")
    check_keys(spec, WORLD_KEYS, "'world'")
    world = WorldSpec()
    if "account" in spec:
        world.account = _account(_get(spec, "account"), "'account'")
    if "region" in spec:
        world.region = _region(_get(spec, "region"))
    if "clock" in spec:
        world.clock = _clock(_get(spec, "clock"))
    if "roles" in spec:
        world.roles = _roles(_get(spec, "roles"))
    if "principals" in spec:
        world.principals = _principals(_get(spec, "principals"), world.roles)
    if "buckets" in spec:
        world.buckets = _buckets(_get(spec, "buckets"))
    return world


def _get(mapping: Map, key: str) -> Node:
    """The value under a key already known to be there."""
    return require(mapping, key, "this mapping")


def _account(node: Node, what: str) -> str:
    if isinstance(node, Scalar) and isinstance(node.value, int | float):
        raise ScenarioError(
            node.pos,
            f'{what} must be quoted, as in account: "{node.text}": unquoted, YAML reads an '
            "account ID as a number and drops its leading zeros",
        )
    account = expect_text(node, what)
    if not _ACCOUNT.match(account):
        raise ScenarioError(node.pos, f"{what} must be exactly 12 digits, got {account!r}")
    return account


def _region(node: Node) -> str:
    region = expect_text(node, "'region'")
    if not _REGION.match(region):
        raise ScenarioError(
            node.pos, f"{region!r} is not a region name; a region looks like us-east-1"
        )
    return region


def _clock(node: Node) -> datetime:
    if isinstance(node, Scalar) and isinstance(node.value, datetime):
        return node.value
    if isinstance(node, Scalar) and isinstance(node.value, str):
        try:
            return parse_instant(node.value)
        except ValueError:
            pass
    raise ScenarioError(
        node.pos,
        f"'clock' must be a UTC timestamp such as 2025-03-01T09:00:00Z, got {describe(node)}",
    )


def _iam_name(key: Scalar, what: str) -> str:
    name = expect_text(key, what)
    if not _IAM_NAME.match(name):
        raise ScenarioError(
            key.pos,
            f"{what} {name!r} may only use letters, digits and +=,.@_- (at most 64 characters)",
        )
    return name


def _roles(node: Node) -> dict[str, RoleSpec]:
    roles: dict[str, RoleSpec] = {}
    for key, value in expect_map(node, "'roles'").pairs:
        name = _iam_name(key, "a role name")
        spec = expect_map(value, f"the role {name!r}")
        check_keys(spec, ROLE_KEYS, f"the role {name!r}")
        policies_node = spec.get("policies")
        policies = [] if policies_node is None else _policies(policies_node, name)
        account_node = spec.get("account")
        account = None if account_node is None else _account(account_node, "a role's 'account'")
        roles[name] = RoleSpec(name, policies, account, key.pos)
    return roles


def _policies(node: Node, role: str) -> list[dict]:
    """IAM policy statements; only their shape is checked here, the evaluator judges them."""
    statements = []
    for item in expect_seq(node, f"the policies of {role!r}").items:
        statement = expect_map(item, "each policy statement")
        if "Statement" in statement or "Version" in statement:
            raise ScenarioError(
                statement.pos,
                "list the statements themselves under policies (Effect, Action, Resource), "
                "without the policy document's Version and Statement",
            )
        check_keys(statement, STATEMENT_KEYS, "a policy statement")
        _statement(statement)
        plain = to_python(statement)
        problems = validate_policy(plain)
        if problems:
            raise ScenarioError(
                statement.pos, "this policy statement is not valid IAM: " + "; ".join(problems)
            )
        statements.append(plain)
    return statements


def _statement(statement: Map) -> None:
    effect = require(statement, "Effect", "a policy statement")
    if expect_text(effect, "'Effect'") not in ("Allow", "Deny"):
        raise ScenarioError(effect.pos, f"'Effect' must be Allow or Deny, got {describe(effect)}")
    for pair in (("Action", "NotAction"), ("Resource", "NotResource")):
        present = [key for key in pair if key in statement]
        if len(present) != 1:
            raise ScenarioError(
                statement.pos,
                f'a policy statement needs exactly one of {pair[0]} or {pair[1]} (use "*" for all)',
            )
        _text_or_texts(_get(statement, present[0]), present[0])
    if "Condition" in statement:
        expect_map(_get(statement, "Condition"), "'Condition'")


def _text_or_texts(node: Node, what: str) -> None:
    if isinstance(node, Scalar):
        expect_text(node, f"'{what}'")
        return
    for item in expect_seq(node, f"'{what}'", non_empty=True).items:
        expect_text(item, f"each item of '{what}'")


def _principals(node: Node, roles: dict[str, RoleSpec]) -> dict[str, PrincipalSpec]:
    principals: dict[str, PrincipalSpec] = {}
    for key, value in expect_map(node, "'principals'").pairs:
        name = _iam_name(key, "a principal name")
        if name == ADMIN:
            raise ScenarioError(
                key.pos,
                "'admin' always exists and may do everything; give this principal another name",
            )
        spec = expect_map(value, f"the principal {name!r}")
        check_keys(spec, PRINCIPAL_KEYS, f"the principal {name!r}")
        role = _role_of(spec, roles)
        account_node = spec.get("account")
        account = (
            None if account_node is None else _account(account_node, "a principal's 'account'")
        )
        principals[name] = PrincipalSpec(name, role, account, key.pos)
    return principals


def _role_of(spec: Map, roles: dict[str, RoleSpec]) -> str | None:
    node = spec.get("role")
    if node is None:
        return None
    role = expect_text(node, "'role'")
    if role not in roles:
        declared = f"declared roles: {listing(roles)}" if roles else "no role is declared"
        raise ScenarioError(
            node.pos,
            f"unknown role {role!r}{suggest(role, roles)} ({declared}; declare roles under "
            "world.roles)",
        )
    return role


def _buckets(node: Node) -> list[str]:
    buckets = text_list(node, "'buckets'")
    for item, bucket in zip(expect_seq(node, "'buckets'").items, buckets, strict=True):
        if not _BUCKET.match(bucket):
            raise ScenarioError(
                item.pos,
                f"{bucket!r} is not an S3 bucket name: 3 to 63 lowercase letters, digits, "
                "dots and hyphens, starting and ending with a letter or digit",
            )
    return buckets


def load_automations(node: Node, principals: frozenset[str]) -> list[Automation]:
    """Automations: uniquely named event rules whose steps run as their principal."""
    automations: list[Automation] = []
    for item in expect_seq(node, "'automations'").items:
        automation = _automation(item, principals)
        for other in automations:
            if other.name == automation.name:
                raise ScenarioError(
                    automation.pos,
                    f"the automation name {automation.name!r} is already used at line "
                    f"{other.pos.line}; automation names must be unique",
                )
        automations.append(automation)
    return automations


def _automation(node: Node, principals: frozenset[str]) -> Automation:
    spec = expect_map(node, "each automation")
    check_keys(spec, AUTOMATION_KEYS, "an automation")
    name = expect_text(require(spec, "name", "an automation"), "an automation's 'name'")
    pattern = expect_map(require(spec, "on", "an automation (its event pattern)"), "'on'")
    check_refs(pattern, Scope())
    problems = pattern_problems(to_python(pattern))
    if problems:
        raise ScenarioError(
            pattern.pos, "this is not a valid EventBridge event pattern: " + "; ".join(problems)
        )
    as_node = spec.get("as")
    principal = ADMIN if as_node is None else check_principal(as_node, principals)
    ctx = StepContext(principals, Scope(in_automation=True), automation_principal=principal)
    steps = load_steps(require(spec, "do", "an automation"), ctx, AUTOMATION)
    return Automation(
        name=name,
        on=to_python(pattern),
        do=[step for step in steps if isinstance(step, ActionStep)],
        principal=principal,
        pos=spec.pos,
    )
