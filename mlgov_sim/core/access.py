"""IAM policy evaluation: may this principal perform this action on this resource?

Pure functions over policy documents; the world gathers the policies and asks.
Semantics follow AWS's IAM User Guide ("Policy evaluation logic", "Cross-account
policy evaluation logic", "IAM JSON policy element reference": Effect, Action,
NotAction, Resource, NotResource, Principal, NotPrincipal, Condition):

1. An explicit Deny in any applicable statement, identity-based or resource-based,
   decides: refused.
2. Within one account, an Allow in the identity-based policies *or* in the
   resource's policy is enough.
3. Across accounts (the principal's account is not the resource's), the
   identity-based policies *and* the resource policy must both allow.
4. Otherwise the request is implicitly denied.

Principals act through roles, as `arn:aws:sts::ACCOUNT:assumed-role/ROLE/NAME`;
for them AWS sets `aws:PrincipalArn` to the role's ARN
(`arn:aws:iam::ACCOUNT:role/ROLE`). Action names match case-insensitively,
resources case-sensitively, both with `*` and `?`. Conditions, wildcards and
policy variables are in `mlgov_sim.core.conditions`.

Not simulated: permission boundaries, SCPs, session policies, resource-policy
grants to a session that bypass the role, and `Version: 2008-10-17` turning
policy variables into literal text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from mlgov_sim.core import arn as arns
from mlgov_sim.core import conditions
from mlgov_sim.core.conditions import as_list
from mlgov_sim.core.errors import AccessDeniedException

PolicyKind = Literal["identity", "resource"]
DecisionKind = Literal["explicit-deny", "allow", "implicit-deny"]

DOCUMENT_ELEMENTS = ("Version", "Id", "Statement")
STATEMENT_ELEMENTS = (
    "Sid",
    "Effect",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Principal",
    "NotPrincipal",
    "Condition",
)
PRINCIPAL_TYPES = ("AWS", "Service", "Federated", "CanonicalUser")
VERSIONS = ("2012-10-17", "2008-10-17")
_ACTION = re.compile(r"^[A-Za-z0-9-]+:[A-Za-z0-9*?]+$")
_ACCOUNT = re.compile(r"^\d{12}$")


@dataclass(frozen=True)
class Policy:
    """One policy document and where it lives, so a decision can name it."""

    document: Any
    kind: PolicyKind = "identity"
    role: str | None = None
    index: int | None = None  # the policy's position in the role's list
    resource_arn: str | None = None

    @property
    def origin(self) -> str:
        """`role DataScientist, policy 1` or `resource policy of arn:...`."""
        if self.kind == "resource":
            return f"resource policy of {self.resource_arn}"
        if self.index is None:  # the role's one inline policy
            return f"role {self.role}"
        return f"role {self.role}, policy {self.index}"


def role_policies(role: str, documents: Sequence[Any]) -> tuple[Policy, ...]:
    """A role's identity-based policies, numbered from 0 as they are listed.

    A list of bare statements (a scenario's `policies:`) is the role's one
    inline policy, so a decision names "role R, statement N" by its place in
    that list.
    """
    if documents and all(_is_bare_statement(doc) for doc in documents):
        return (Policy({"Statement": list(documents)}, "identity", role, None),)
    return tuple(Policy(doc, "identity", role, index) for index, doc in enumerate(documents))


def _is_bare_statement(document: Any) -> bool:
    return isinstance(document, Mapping) and "Effect" in document and "Statement" not in document


def resource_policy(resource_arn: str, document: Any) -> Policy:
    """The resource-based policy attached to `resource_arn` (a JSON string or a dict)."""
    return Policy(document, "resource", resource_arn=resource_arn)


@dataclass(frozen=True)
class Request:
    """Who asks to do what to which resource, with the request's condition keys."""

    principal: str  # arn:aws:sts::111122223333:assumed-role/DataScientist/alice
    action: str  # sagemaker:UpdateModelPackage
    resource: str  # an ARN, or "*" for actions without a resource
    context: Mapping[str, Any] = field(default_factory=dict)
    resource_account: str | None = None  # when the ARN carries none (S3)

    @property
    def principal_account(self) -> str:
        """The 12-digit account the principal belongs to."""
        parsed = arns.parse(self.principal)
        return parsed.account if parsed else self.principal

    @property
    def role_name(self) -> str | None:
        """`DataScientist` for an assumed-role session, else None."""
        parsed = arns.parse(self.principal)
        if parsed and parsed.service == "sts" and parsed.resource.startswith("assumed-role/"):
            return parsed.resource.split("/")[1]
        return None

    @property
    def principal_arn(self) -> str:
        """`aws:PrincipalArn`: the role's ARN for a role session, else the principal."""
        role = self.role_name
        return f"arn:aws:iam::{self.principal_account}:role/{role}" if role else self.principal

    @property
    def owner_account(self) -> str:
        """The account that owns the resource (the principal's when none can be told)."""
        parsed = arns.parse(self.resource)
        return (
            self.resource_account
            or (parsed.account if parsed and parsed.account else "")
            or self.principal_account
        )

    @property
    def cross_account(self) -> bool:
        """Whether the principal reaches into another account's resource."""
        return self.owner_account != self.principal_account


def request_context(request: Request) -> dict[str, Any]:
    """The condition keys AWS sets for every request, overlaid with the request's own."""
    defaults = {
        "aws:PrincipalAccount": request.principal_account,
        "aws:PrincipalArn": request.principal_arn,
        "aws:ResourceAccount": request.owner_account,
    }
    if request.role_name:
        defaults["aws:PrincipalType"] = "AssumedRole"
    return conditions.normalise_context({**defaults, **request.context})


@dataclass(frozen=True)
class StatementRef:
    """Which statement of which policy: what a learner needs to find and fix it."""

    kind: PolicyKind
    origin: str
    index: int
    sid: str | None
    effect: str

    def __str__(self) -> str:
        sid = f'Sid "{self.sid}"' if self.sid else "no Sid"
        return f"{self.origin}, statement {self.index}, {sid}"


@dataclass(frozen=True)
class Decision:
    """The outcome of evaluating a request, and the statement that decided it.

    `statement` is the Deny that refused or the Allow that granted. For a
    cross-account request, `other_allow` is the Allow found on the other side:
    the resource policy's when both allowed, or the one side that allowed when
    the other did not (`missing` names the side that did not).
    """

    allowed: bool
    kind: DecisionKind
    statement: StatementRef | None = None
    cross_account: bool = False
    missing: PolicyKind | None = None
    other_allow: StatementRef | None = None
    has_resource_policy: bool = False


def statements(document: Any) -> list[Any]:
    """The statements of a policy: a document, one statement, a list, or JSON text.

    Raises json.JSONDecodeError for text that is not JSON (validate_policy reports it).
    """
    if isinstance(document, str):
        document = json.loads(document)
    if isinstance(document, Mapping):
        if "Statement" in document or set(document) <= set(DOCUMENT_ELEMENTS):
            return as_list(document.get("Statement", []))
        return [document]
    if isinstance(document, list | tuple):
        return [stmt for item in document for stmt in statements(item)]
    return [document]


def _principal_named(value: Any, request: Request) -> bool:
    """Whether one `AWS` principal value names the caller."""
    text = str(value)
    if text == "*":
        return True
    if _ACCOUNT.match(text):
        return text == request.principal_account
    parsed = arns.parse(text)
    if parsed is None or parsed.account != request.principal_account:
        return False
    if parsed.service == "iam" and parsed.resource == "root":
        return True  # the account: any of its principals, if its own policies let them
    if parsed.service == "iam" and parsed.resource.startswith("role/"):
        return parsed.resource.rsplit("/", 1)[-1] == request.role_name
    return text == request.principal


def _aws_values(element: Any) -> list[str]:
    """The `AWS` principals of a Principal element (other types never name a role)."""
    return [str(v) for v in as_list(element.get("AWS", []))] if isinstance(element, Mapping) else []


def principal_matches(element: Any, request: Request) -> bool:
    """Whether a Principal element (`"*"`, `{"AWS": ...}`) includes the caller."""
    return element == "*" or any(_principal_named(v, request) for v in _aws_values(element))


def not_principal_spares(element: Any, request: Request) -> bool:
    """Whether a NotPrincipal element exempts the caller from its Deny.

    AWS checks the account, then the role, then the session ("AWS JSON policy
    elements: NotPrincipal"), so the caller is spared only when the element names
    its account *and* its role (or that very session).
    """
    if element == "*":
        return True
    values = _aws_values(element)
    account_forms = (request.principal_account, f"arn:aws:iam::{request.principal_account}:root")
    account = "*" in values or any(form in values for form in account_forms)
    identity = request.principal == account_forms[1] or any(
        _principal_named(value, request) for value in values if value not in account_forms
    )
    return account and identity


def _applies_to_principal(stmt: Mapping[str, Any], request: Request, kind: PolicyKind) -> bool:
    if kind == "identity":
        return True
    if "Principal" in stmt:
        return principal_matches(stmt["Principal"], request)
    if "NotPrincipal" in stmt:
        return not not_principal_spares(stmt["NotPrincipal"], request)
    return False


def _listed(stmt: Mapping[str, Any], element: str, test: Callable[[str], bool]) -> bool:
    """Element present: any value passes; `Not...` present: none does; absent: all."""
    if element in stmt:
        return any(test(str(value)) for value in as_list(stmt[element]))
    if f"Not{element}" in stmt:
        return not any(test(str(value)) for value in as_list(stmt[f"Not{element}"]))
    return True


def statement_applies(
    stmt: Any, request: Request, context: conditions.Context, kind: PolicyKind = "identity"
) -> bool:
    """Whether one statement covers this principal, action, resource and context."""
    if not isinstance(stmt, Mapping):
        return False
    return (
        _applies_to_principal(stmt, request, kind)
        and _listed(
            stmt, "Action", lambda a: conditions.glob_match(a, request.action, ignore_case=True)
        )
        and _listed(stmt, "Resource", lambda r: conditions.like(r, request.resource, context))
        and conditions.block_holds(stmt.get("Condition") or {}, context)
    )


def _first(
    policies: Sequence[Policy], effect: str, request: Request, context: conditions.Context
) -> StatementRef | None:
    """The first statement with `effect` that applies, in policy and statement order."""
    for policy in policies:
        for index, stmt in enumerate(statements(policy.document)):
            if (
                isinstance(stmt, Mapping)
                and stmt.get("Effect") == effect
                and statement_applies(stmt, request, context, policy.kind)
            ):
                return StatementRef(policy.kind, policy.origin, index, stmt.get("Sid"), effect)
    return None


def evaluate(
    request: Request, identity: Sequence[Policy], resource: Policy | None = None
) -> Decision:
    """Decide `request` against the caller's identity policies and the resource's policy."""
    context = request_context(request)
    sides = (tuple(identity), (resource,) if resource else ())
    cross, has_resource = request.cross_account, resource is not None
    for side in sides:
        deny = _first(side, "Deny", request, context)
        if deny:
            return Decision(False, "explicit-deny", deny, cross, has_resource_policy=has_resource)
    by_identity, by_resource = (_first(side, "Allow", request, context) for side in sides)
    if cross and by_identity and by_resource:
        return Decision(True, "allow", by_identity, True, None, by_resource, has_resource)
    if not cross and (by_identity or by_resource):
        return Decision(True, "allow", by_identity or by_resource, False, None, None, has_resource)
    missing: PolicyKind = "resource" if by_identity else "identity"
    other = by_identity or by_resource if cross else None
    return Decision(False, "implicit-deny", None, cross, missing, other, has_resource)


def refusal_message(request: Request, decision: Decision) -> str:
    """AWS's AccessDenied wording, then a sentence naming what decided it."""
    if decision.allowed:
        raise ValueError("an allowed request has no refusal message")
    head = (
        f"User: {request.principal} is not authorized to perform: {request.action} "
        f"on resource: {request.resource}"
    )
    if decision.kind == "explicit-deny" and decision.statement is not None:
        where = "an identity-based" if decision.statement.kind == "identity" else "a resource-based"
        return (
            f"{head} with an explicit deny in {where} policy. "
            f"Deciding statement: {decision.statement}."
        )
    side = "identity-based" if decision.missing == "identity" else "resource-based"
    return f"{head} because no {side} policy allows the {request.action} action. " + _why_no_allow(
        request, decision
    )


def _why_no_allow(request: Request, decision: Decision) -> str:
    """The sentence after an implicit deny: whose policies lacked the Allow."""
    who = f"role {request.role_name}" if request.role_name else request.principal
    if decision.missing == "identity":
        text = f"No statement in the identity-based policies of {who} allows it."
        if decision.other_allow:
            text += (
                f" The resource policy allows it ({decision.other_allow}), but across "
                "accounts the caller's identity-based policy must allow it too."
            )
        return text
    lacking = (
        "no statement of its resource policy grants it"
        if decision.has_resource_policy
        else "it has no resource policy"
    )
    return (
        f"The identity-based policy allows it ({decision.other_allow}), but the resource "
        f"belongs to account "
        f"{request.owner_account}, so its resource policy must also grant it to account "
        f"{request.principal_account}, and {lacking}."
    )


def access_denied(request: Request, decision: Decision) -> AccessDeniedException:
    """The AccessDeniedException a refused request raises."""
    return AccessDeniedException(refusal_message(request, decision))


def check(request: Request, identity: Sequence[Policy], resource: Policy | None = None) -> Decision:
    """`evaluate`, raising AccessDeniedException when the request is refused."""
    decision = evaluate(request, identity, resource)
    if not decision.allowed:
        raise access_denied(request, decision)
    return decision


# --- validation ----------------------------------------------------------------------


def _strings(stmt: Mapping[str, Any], element: str) -> list[str]:
    values = as_list(stmt[element])
    if not values or not all(isinstance(value, str) for value in values):
        return [f"{element} must be a string or a list of strings"]
    return []


def _pair_problems(stmt: Mapping[str, Any], element: str) -> list[str]:
    """Exactly one of `element` / `Not<element>`, holding strings of the right form."""
    present = [name for name in (element, f"Not{element}") if name in stmt]
    if not present:
        return [f"missing {element} (or Not{element})"]
    if len(present) == 2:
        return [f"{element} and Not{element} cannot both appear in one statement"]
    problems = _strings(stmt, present[0])
    for value in [] if problems else as_list(stmt[present[0]]):
        if element == "Action" and value != "*" and not _ACTION.match(value):
            problems.append(f"{present[0]} {value!r} is not of the form 'service:Action'")
        if element == "Resource" and value != "*" and not value.startswith("arn:"):
            problems.append(f"{present[0]} {value!r} is neither '*' nor an ARN")
    return problems


def _principal_problems(stmt: Mapping[str, Any], kind: PolicyKind) -> list[str]:
    present = [name for name in ("Principal", "NotPrincipal") if name in stmt]
    if kind == "identity":
        return [f"{name} belongs in resource-based policies only" for name in present]
    if len(present) != 1:
        return ["a resource-based policy statement needs exactly one of Principal, NotPrincipal"]
    element = stmt[present[0]]
    if present[0] == "NotPrincipal" and stmt.get("Effect") != "Deny":
        return ['NotPrincipal works only with "Effect": "Deny"']
    if element == "*":
        return []
    if not isinstance(element, Mapping) or not element:
        return [f'{present[0]} must be "*" or an object such as {{"AWS": "<account or ARN>"}}']
    problems = [
        f"unknown principal type {name!r}{conditions.hint(name, PRINCIPAL_TYPES)}"
        for name in element
        if name not in PRINCIPAL_TYPES
    ]
    for value in as_list(element.get("AWS", [])):
        if not (value == "*" or _ACCOUNT.match(str(value)) or arns.is_arn(str(value))):
            problems.append(f"AWS principal {value!r} is neither '*', an account ID nor an ARN")
    return problems


def _statement_problems(stmt: Any, kind: PolicyKind) -> list[str]:
    if not isinstance(stmt, Mapping):
        return ["is not an object"]
    problems = [
        f"unknown element {name!r}{conditions.hint(name, STATEMENT_ELEMENTS)}"
        for name in stmt
        if name not in STATEMENT_ELEMENTS
    ]
    effect = stmt.get("Effect")
    if effect is None:
        problems.append("missing Effect (Allow or Deny)")
    elif effect not in ("Allow", "Deny"):
        problems.append(f"Effect must be 'Allow' or 'Deny', not {effect!r}")
    problems += _pair_problems(stmt, "Action") + _pair_problems(stmt, "Resource")
    problems += _principal_problems(stmt, kind)
    if "Condition" in stmt:
        problems += conditions.condition_problems(stmt["Condition"])
    return problems


def _document_problems(document: Any) -> list[str]:
    if not isinstance(document, Mapping) or "Effect" in document:
        return []
    problems = [
        f"unknown policy element {name!r}{conditions.hint(name, DOCUMENT_ELEMENTS)}"
        for name in document
        if name not in DOCUMENT_ELEMENTS
    ]
    if "Version" in document and document["Version"] not in VERSIONS:
        problems.append(f"Version must be one of {', '.join(VERSIONS)}")
    return problems


def validate_policy(document: Any, *, kind: PolicyKind = "identity") -> list[str]:
    """Readable problems that make a policy unusable; empty when it can be evaluated.

    A scenario loader refuses a policy with problems instead of letting a typo
    (`"Actions"`, `"allow"`, `StringEqual`) silently grant or deny nothing.
    """
    if isinstance(document, str):
        try:
            document = json.loads(document)
        except json.JSONDecodeError as error:
            return [f"policy is not valid JSON: {error.msg} at line {error.lineno}"]
    found = statements(document)
    problems = _document_problems(document) + ([] if found else ["policy has no statements"])
    seen: set[str] = set()
    for index, stmt in enumerate(found):
        sid = stmt.get("Sid") if isinstance(stmt, Mapping) else None
        where = f"statement {index}" + (f' (Sid "{sid}")' if sid else "")
        problems += [f"{where}: {problem}" for problem in _statement_problems(stmt, kind)]
        if sid and sid in seen:
            problems.append(f'{where}: Sid "{sid}" is used twice in one policy')
        seen.add(str(sid))
    return problems
