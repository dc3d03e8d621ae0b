"""IAM policy evaluation: the evaluator's decisions, refusal wording and policy validation.

Expected decisions follow AWS's IAM User Guide: "Policy evaluation logic",
"Cross-account policy evaluation logic", "IAM JSON policy elements: Condition
operators" and "Single-valued vs. multivalued context keys".
"""

from __future__ import annotations

from typing import Any

import pytest

from mlgov_sim.core.access import (
    Request,
    check,
    evaluate,
    principal_matches,
    refusal_message,
    resource_policy,
    role_policies,
    validate_policy,
)
from mlgov_sim.core.errors import AccessDeniedException

ACCOUNT = "111122223333"
OTHER = "444455556666"
ALICE = f"arn:aws:sts::{ACCOUNT}:assumed-role/DataScientist/alice"
BOB = f"arn:aws:sts::{ACCOUNT}:assumed-role/MLApprover/bob"
CAROL = f"arn:aws:sts::{OTHER}:assumed-role/Auditor/carol"
GROUP = f"arn:aws:sagemaker:us-east-1:{ACCOUNT}:model-package-group/churn"
VERSION = f"arn:aws:sagemaker:us-east-1:{ACCOUNT}:model-package/churn/3"
OTHER_VERSION = f"arn:aws:sagemaker:us-east-1:{OTHER}:model-package/fraud/1"
UPDATE = "sagemaker:UpdateModelPackage"
DESCRIBE = "sagemaker:DescribeModelPackage"


def allow(action: Any = "sagemaker:*", resource: Any = "*", **more: Any) -> dict[str, Any]:
    """An Allow statement; `more` adds elements such as Condition or Sid."""
    return {"Effect": "Allow", "Action": action, "Resource": resource, **more}


def deny(action: Any = "sagemaker:*", resource: Any = "*", **more: Any) -> dict[str, Any]:
    """A Deny statement; `more` adds elements such as Condition or Sid."""
    return {"Effect": "Deny", "Action": action, "Resource": resource, **more}


def when(operator: str, key: str, value: Any) -> dict[str, Any]:
    """An Allow of UpdateModelPackage under one condition."""
    return allow(UPDATE, Condition={operator: {key: value}})


def share(principal: Any, action: Any = "sagemaker:*", effect: str = "Allow") -> dict[str, Any]:
    """A resource-policy statement granting (or denying) `principal`."""
    return {"Effect": effect, "Principal": principal, "Action": action, "Resource": "*"}


def case(
    sentence: str,
    policies: list[Any],
    expected: str,
    *,
    action: str = UPDATE,
    resource: str = VERSION,
    context: dict[str, Any] | None = None,
    principal: str = ALICE,
    shared: list[Any] | None = None,
) -> Any:
    """One row of the evaluator table: the role's policies, a request, the decision."""
    request = Request(principal, action, resource, context or {})
    return pytest.param(policies, request, shared, expected, id=sentence)


TEAM = {"sagemaker:ResourceTag/team": "ml"}
PACKAGES = "arn:aws:sagemaker:*:*:model-package"
APPROVER_ROLE = f"arn:aws:iam::{ACCOUNT}:role/MLApprover"


def only_approver_updates(*names: str) -> dict[str, Any]:
    """A resource-policy Deny of updates to everyone but the principals `names`."""
    return {
        "Effect": "Deny",
        "NotPrincipal": {"AWS": list(names)},
        "Action": UPDATE,
        "Resource": "*",
    }


TAG_KEYS = "aws:TagKeys"

EVALUATOR_CASES = [
    # Effect, Action, NotAction
    case("an allow of sagemaker:* lets the role update a version", [allow()], "allow"),
    case("a role without policies is implicitly denied", [], "implicit-deny"),
    case(
        "an explicit deny beats an allow in the same policy",
        [[allow(), deny(UPDATE)]],
        "explicit-deny",
    ),
    case(
        "an explicit deny in a second policy beats an allow in the first",
        [allow(), deny(UPDATE)],
        "explicit-deny",
    ),
    case(
        "an allow of another action leaves the action implicitly denied",
        [allow(DESCRIBE)],
        "implicit-deny",
    ),
    case(
        "NotAction allows every action it does not name",
        [{"Effect": "Allow", "NotAction": UPDATE, "Resource": "*"}],
        "allow",
        action=DESCRIBE,
    ),
    case(
        "NotAction does not allow the action it names",
        [{"Effect": "Allow", "NotAction": UPDATE, "Resource": "*"}],
        "implicit-deny",
    ),
    case(
        "a Deny with NotAction denies every action outside the list",
        [allow(), {"Effect": "Deny", "NotAction": "sagemaker:Describe*", "Resource": "*"}],
        "explicit-deny",
    ),
    # Resource, NotResource, wildcards, case
    case(
        "NotResource allows resources outside the excluded group",
        [{"Effect": "Allow", "Action": "*", "NotResource": f"{PACKAGES}/prod-*"}],
        "allow",
    ),
    case(
        "NotResource does not allow the excluded resources",
        [{"Effect": "Allow", "Action": "*", "NotResource": f"{PACKAGES}/churn/*"}],
        "implicit-deny",
    ),
    case(
        "a star inside an action name matches any run of characters",
        [allow("sagemaker:*ModelPackage")],
        "allow",
    ),
    case(
        "a question mark matches exactly one character of an action",
        [allow("sagemaker:Update?odelPackage")],
        "allow",
    ),
    case(
        "a question mark does not match zero characters",
        [allow("sagemaker:UpdateModelPackage?")],
        "implicit-deny",
    ),
    case(
        "action names match whatever their case", [allow("SageMaker:updatemodelpackage")], "allow"
    ),
    case(
        "resource ARNs match case-sensitively",
        [allow(resource=f"arn:aws:sagemaker:us-east-1:{ACCOUNT}:model-package/Churn/*")],
        "implicit-deny",
    ),
    case(
        "stars in region and version parts of a resource match",
        [allow(resource=f"arn:aws:sagemaker:*:{ACCOUNT}:model-package/churn/*")],
        "allow",
    ),
    case(
        "a question mark in a resource matches a one-digit version",
        [allow(resource=f"arn:aws:sagemaker:us-east-1:{ACCOUNT}:model-package/churn/?")],
        "allow",
    ),
    case(
        "one matching resource in a list is enough",
        [allow(resource=["arn:aws:s3:::data/*", VERSION])],
        "allow",
    ),
    # String operators
    case(
        "StringEquals holds when the resource tag has the value",
        [when("StringEquals", "sagemaker:ResourceTag/team", "ml")],
        "allow",
        context=TEAM,
    ),
    case(
        "StringEquals compares values case-sensitively",
        [when("StringEquals", "sagemaker:ResourceTag/team", "ML")],
        "implicit-deny",
        context=TEAM,
    ),
    case(
        "condition key names match whatever their case",
        [when("StringEquals", "SageMaker:resourcetag/TEAM", "ml")],
        "allow",
        context=TEAM,
    ),
    case(
        "StringEquals on a key absent from the request does not hold",
        [when("StringEquals", "sagemaker:ResourceTag/team", "ml")],
        "implicit-deny",
    ),
    case(
        "StringEquals with several values holds when any one matches",
        [when("StringEquals", "sagemaker:ResourceTag/team", ["data", "ml"])],
        "allow",
        context=TEAM,
    ),
    case(
        "StringNotEquals with several values holds when none matches",
        [when("StringNotEquals", "sagemaker:ResourceTag/team", ["data", "ops"])],
        "allow",
        context=TEAM,
    ),
    case(
        "StringNotEquals does not hold when one of its values matches",
        [when("StringNotEquals", "sagemaker:ResourceTag/team", ["data", "ml"])],
        "implicit-deny",
        context=TEAM,
    ),
    case(
        "StringNotEquals holds when the key is absent",
        [when("StringNotEquals", "sagemaker:ResourceTag/team", "ml")],
        "allow",
    ),
    case(
        "StringLike matches a star pattern",
        [when("StringLike", "aws:RequestTag/team", "m*")],
        "allow",
        context={"aws:RequestTag/team": "ml-platform"},
    ),
    case(
        "StringNotLike does not hold when the pattern matches",
        [when("StringNotLike", "aws:RequestTag/team", "ml-*")],
        "implicit-deny",
        context={"aws:RequestTag/team": "ml-platform"},
    ),
    case(
        "StringEqualsIfExists holds when the key is absent",
        [when("StringEqualsIfExists", "aws:RequestTag/team", "ml")],
        "allow",
    ),
    case(
        "StringEqualsIfExists still compares a present key",
        [when("StringEqualsIfExists", "aws:RequestTag/team", "ml")],
        "implicit-deny",
        context={"aws:RequestTag/team": "ops"},
    ),
    case(
        "StringLikeIfExists matches a present key against its pattern",
        [when("StringLikeIfExists", "aws:RequestTag/team", "m?")],
        "allow",
        context={"aws:RequestTag/team": "ml"},
    ),
    # ARN operators (aws:PrincipalArn is the role's ARN for a role session)
    case(
        "ArnEquals matches the role ARN behind an assumed-role session",
        [when("ArnEquals", "aws:PrincipalArn", f"arn:aws:iam::{ACCOUNT}:role/DataScientist")],
        "allow",
    ),
    case(
        "ArnLike matches wildcards part by part",
        [when("ArnLike", "aws:PrincipalArn", "arn:aws:iam::*:role/Data*")],
        "allow",
    ),
    case(
        "ArnNotEquals holds for a different role",
        [when("ArnNotEquals", "aws:PrincipalArn", f"arn:aws:iam::{ACCOUNT}:role/MLApprover")],
        "allow",
    ),
    case(
        "ArnNotLike does not hold when the pattern matches the caller",
        [when("ArnNotLike", "aws:PrincipalArn", "arn:aws:iam::*:role/*Scientist")],
        "implicit-deny",
    ),
    case(
        "ArnLikeIfExists holds when the key is absent",
        [when("ArnLikeIfExists", "aws:SourceArn", "arn:aws:sagemaker:*")],
        "allow",
    ),
    # Bool and Null
    case(
        "Bool matches a true context value",
        [when("Bool", "aws:MultiFactorAuthPresent", "true")],
        "allow",
        context={"aws:MultiFactorAuthPresent": True},
    ),
    case(
        "Bool false does not match a true context value",
        [when("Bool", "aws:MultiFactorAuthPresent", "false")],
        "implicit-deny",
        context={"aws:MultiFactorAuthPresent": True},
    ),
    case(
        "BoolIfExists holds when the key is absent",
        [when("BoolIfExists", "aws:MultiFactorAuthPresent", "true")],
        "allow",
    ),
    case(
        "Null true holds when the key is absent",
        [when("Null", "aws:RequestTag/team", "true")],
        "allow",
    ),
    case(
        "Null false does not hold when the key is absent",
        [when("Null", "aws:RequestTag/team", "false")],
        "implicit-deny",
    ),
    case(
        "Null false holds when the key is present",
        [when("Null", "aws:RequestTag/team", "false")],
        "allow",
        context={"aws:RequestTag/team": "ml"},
    ),
    # Numeric operators
    case(
        "NumericEquals compares numbers written as strings",
        [when("NumericEquals", "aws:MultiFactorAuthAge", "600")],
        "allow",
        context={"aws:MultiFactorAuthAge": 600},
    ),
    case(
        "NumericNotEquals does not hold for an equal number",
        [when("NumericNotEquals", "aws:MultiFactorAuthAge", "600")],
        "implicit-deny",
        context={"aws:MultiFactorAuthAge": "600.0"},
    ),
    case(
        "NumericLessThan holds below the bound",
        [when("NumericLessThan", "aws:MultiFactorAuthAge", "3600")],
        "allow",
        context={"aws:MultiFactorAuthAge": 600},
    ),
    case(
        "NumericLessThanEquals holds at the bound",
        [when("NumericLessThanEquals", "aws:MultiFactorAuthAge", "3600")],
        "allow",
        context={"aws:MultiFactorAuthAge": 3600},
    ),
    case(
        "NumericGreaterThan does not hold at the bound",
        [when("NumericGreaterThan", "aws:MultiFactorAuthAge", "3600")],
        "implicit-deny",
        context={"aws:MultiFactorAuthAge": 3600},
    ),
    case(
        "NumericGreaterThanEquals holds at the bound",
        [when("NumericGreaterThanEquals", "aws:MultiFactorAuthAge", "3600")],
        "allow",
        context={"aws:MultiFactorAuthAge": 3600},
    ),
    case(
        "NumericLessThanIfExists holds when the key is absent",
        [when("NumericLessThanIfExists", "aws:MultiFactorAuthAge", "3600")],
        "allow",
    ),
    # Set operators on multivalued keys
    case(
        "ForAnyValue holds when one request tag key is listed",
        [when("ForAnyValue:StringEquals", TAG_KEYS, ["team"])],
        "allow",
        context={TAG_KEYS: ["cost-center", "team"]},
    ),
    case(
        "ForAnyValue does not hold when the key is absent",
        [when("ForAnyValue:StringEquals", TAG_KEYS, ["team"])],
        "implicit-deny",
    ),
    case(
        "ForAllValues holds when every request tag key is listed",
        [when("ForAllValues:StringEquals", TAG_KEYS, ["team", "cost-center"])],
        "allow",
        context={TAG_KEYS: ["team"]},
    ),
    case(
        "ForAllValues does not hold when one request tag key is unlisted",
        [when("ForAllValues:StringEquals", TAG_KEYS, ["team"])],
        "implicit-deny",
        context={TAG_KEYS: ["team", "owner"]},
    ),
    case(
        "ForAllValues holds when the key is absent",
        [when("ForAllValues:StringEquals", TAG_KEYS, ["team"])],
        "allow",
    ),
    case(
        "ForAllValues holds for an empty list of tag keys",
        [when("ForAllValues:StringLike", TAG_KEYS, ["team*"])],
        "allow",
        context={TAG_KEYS: []},
    ),
    case(
        "ForAnyValue StringNotEquals holds when one request value is unlisted",
        [when("ForAnyValue:StringNotEquals", TAG_KEYS, ["team", "owner"])],
        "allow",
        context={TAG_KEYS: ["team", "dept"]},
    ),
    # Blocks combine with AND
    case(
        "every key in a condition block must hold",
        [
            allow(
                UPDATE,
                Condition={
                    "StringEquals": {
                        "sagemaker:ResourceTag/team": "ml",
                        "aws:RequestTag/team": "ml",
                    }
                },
            )
        ],
        "implicit-deny",
        context=TEAM,
    ),
    case(
        "every operator in a condition block must hold",
        [allow(UPDATE, Condition={"StringEquals": TEAM, "Null": {"aws:RequestTag/team": "false"}})],
        "allow",
        context={**TEAM, "aws:RequestTag/team": "ml"},
    ),
    # The registry's lifecycle keys: only the approver moves a version to Production
    case(
        "a data scientist is denied moving a version to Production",
        [
            allow(),
            deny(
                UPDATE,
                Condition={
                    "StringEquals": {"sagemaker:ModelLifeCycle:stage": "Production"},
                    "ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/MLApprover"},
                },
            ),
        ],
        "explicit-deny",
        context={"sagemaker:ModelLifeCycle:stage": "Production"},
    ),
    case(
        "the approver may move a version to Production",
        [
            allow(),
            deny(
                UPDATE,
                Condition={
                    "StringEquals": {"sagemaker:ModelLifeCycle:stage": "Production"},
                    "ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/MLApprover"},
                },
            ),
        ],
        "allow",
        principal=BOB,
        context={"sagemaker:ModelLifeCycle:stage": "Production"},
    ),
    case(
        "a data scientist may move a version to Staging",
        [
            allow(
                UPDATE,
                Condition={
                    "StringNotEquals": {
                        "sagemaker:ModelLifeCycle:stage": "Production",
                        "sagemaker:ModelLifeCycle:stageStatus": "Approved",
                    }
                },
            )
        ],
        "allow",
        context={
            "sagemaker:ModelLifeCycle:stage": "Staging",
            "sagemaker:ModelLifeCycle:stageStatus": "PendingApproval",
        },
    ),
    # Policy variables
    case(
        "a policy variable in Resource resolves to the caller's account",
        [allow(resource="arn:aws:sagemaker:*:${aws:PrincipalAccount}:model-package/*")],
        "allow",
    ),
    case(
        "a policy variable in a condition value resolves from the request",
        [when("StringEquals", "aws:ResourceAccount", "${aws:PrincipalAccount}")],
        "allow",
    ),
    case(
        "a policy variable's default applies when its key is absent",
        [when("StringEquals", "sagemaker:ResourceTag/team", "${aws:RequestTag/team, 'ml'}")],
        "allow",
        context=TEAM,
    ),
    case(
        "an unresolvable policy variable matches nothing",
        [allow(resource="arn:aws:sagemaker:*:*:model-package/${aws:RequestTag/team}/*")],
        "implicit-deny",
    ),
    case(
        "a variable's value is literal text, never a wildcard",
        [allow(resource="arn:aws:sagemaker:*:*:model-package/${aws:RequestTag/group}/3")],
        "implicit-deny",
        context={"aws:RequestTag/group": "*"},
    ),
    # Cross-account and resource policies
    case(
        "across accounts an identity allow without a resource policy is denied",
        [allow()],
        "implicit-deny",
        principal=CAROL,
        action=DESCRIBE,
    ),
    case(
        "across accounts a resource policy allow without an identity allow is denied",
        [],
        "implicit-deny",
        principal=CAROL,
        action=DESCRIBE,
        shared=[share({"AWS": f"arn:aws:iam::{OTHER}:root"})],
    ),
    case(
        "across accounts an identity allow and a resource policy allow together allow",
        [allow(DESCRIBE)],
        "allow",
        principal=CAROL,
        action=DESCRIBE,
        shared=[share({"AWS": f"arn:aws:iam::{OTHER}:root"}, DESCRIBE)],
    ),
    case(
        "across accounts the resource policy must grant this very action",
        [allow()],
        "implicit-deny",
        principal=CAROL,
        shared=[share({"AWS": f"arn:aws:iam::{OTHER}:root"}, DESCRIBE)],
    ),
    case(
        "within one account a resource policy allow alone is enough",
        [],
        "allow",
        shared=[share({"AWS": ACCOUNT})],
    ),
    case(
        "a deny in the resource policy beats an identity allow",
        [allow()],
        "explicit-deny",
        shared=[share("*", UPDATE, "Deny")],
    ),
    case(
        "a resource policy for another account grants this account nothing",
        [],
        "implicit-deny",
        shared=[share({"AWS": f"arn:aws:iam::{OTHER}:root"})],
    ),
    case(
        "an identity policy scoped to its own account cannot reach another account",
        [allow(resource="arn:aws:sagemaker:*:${aws:PrincipalAccount}:*")],
        "implicit-deny",
        principal=ALICE,
        resource=OTHER_VERSION,
        action=DESCRIBE,
        shared=[share({"AWS": ACCOUNT}, DESCRIBE)],
    ),
    case(
        "NotPrincipal denies everyone except the named account and role",
        [allow()],
        "explicit-deny",
        shared=[only_approver_updates(ACCOUNT, APPROVER_ROLE)],
    ),
    case(
        "NotPrincipal spares the sessions of the named account and role",
        [allow()],
        "allow",
        principal=BOB,
        shared=[only_approver_updates(ACCOUNT, APPROVER_ROLE)],
    ),
    case(
        "NotPrincipal naming only the role still denies it because AWS checks the account first",
        [allow()],
        "explicit-deny",
        principal=BOB,
        shared=[only_approver_updates(APPROVER_ROLE)],
    ),
]


@pytest.mark.parametrize(("policies", "request_", "shared", "expected"), EVALUATOR_CASES)
def test_evaluator(
    policies: list[Any], request_: Request, shared: list[Any] | None, expected: str
) -> None:
    """The evaluator reaches IAM's documented decision."""
    attached = resource_policy(request_.resource, {"Statement": shared}) if shared else None
    decision = evaluate(request_, role_policies(request_.role_name or "", policies), attached)
    assert decision.kind == expected
    assert decision.allowed is (expected == "allow")


PRINCIPAL_CASES = [
    pytest.param("*", ALICE, True, id="a star principal is everyone"),
    pytest.param({"AWS": "*"}, CAROL, True, id="an AWS star principal is every AWS principal"),
    pytest.param(
        {"AWS": f"arn:aws:iam::{OTHER}:root"},
        CAROL,
        True,
        id="an account root ARN names every principal of that account",
    ),
    pytest.param(
        {"AWS": f"arn:aws:iam::{OTHER}:root"},
        ALICE,
        False,
        id="an account root ARN does not name another account's principals",
    ),
    pytest.param({"AWS": OTHER}, CAROL, True, id="a bare account ID names that account"),
    pytest.param(
        {"AWS": f"arn:aws:iam::{OTHER}:role/Auditor"},
        CAROL,
        True,
        id="a role ARN names the sessions of that role",
    ),
    pytest.param(
        {"AWS": f"arn:aws:iam::{OTHER}:role/Auditor"},
        f"arn:aws:sts::{OTHER}:assumed-role/Other/dan",
        False,
        id="a role ARN does not name another role's sessions",
    ),
    pytest.param({"AWS": CAROL}, CAROL, True, id="an assumed-role ARN names that very session"),
    pytest.param(
        {"AWS": f"arn:aws:sts::{OTHER}:assumed-role/Auditor/erin"},
        CAROL,
        False,
        id="an assumed-role ARN does not name another session of the role",
    ),
    pytest.param(
        {"AWS": [ACCOUNT, f"arn:aws:iam::{OTHER}:role/Auditor"]},
        CAROL,
        True,
        id="a list of principals names each of them",
    ),
    pytest.param(
        {"Service": "events.amazonaws.com"},
        ALICE,
        False,
        id="a service principal does not name a role session",
    ),
]


@pytest.mark.parametrize(("element", "principal", "expected"), PRINCIPAL_CASES)
def test_principal_element(element: Any, principal: str, expected: bool) -> None:
    """Principal elements name callers the way IAM documents."""
    assert principal_matches(element, Request(principal, DESCRIBE, GROUP)) is expected


class TestRefusalMessage:
    def test_explicit_deny_names_the_statement(self) -> None:
        """An identity deny uses AWS's wording, then names the role, statement and Sid."""
        request = Request(ALICE, UPDATE, VERSION)
        policies = role_policies("DataScientist", [allow(), deny(UPDATE, Sid="NoApproval")])
        assert refusal_message(request, evaluate(request, policies)) == (
            f"User: {ALICE} is not authorized to perform: sagemaker:UpdateModelPackage on "
            f"resource: {VERSION} with an explicit deny in an identity-based policy. "
            'Deciding statement: role DataScientist, statement 1, Sid "NoApproval".'
        )

    def test_resource_deny_says_resource_based(self) -> None:
        """A deny in the group's policy is reported as a resource-based deny."""
        request = Request(ALICE, UPDATE, VERSION)
        shared = resource_policy(GROUP, {"Statement": [share("*", UPDATE, "Deny")]})
        message = refusal_message(request, evaluate(request, role_policies("D", [allow()]), shared))
        assert "with an explicit deny in a resource-based policy. " in message
        assert message.endswith(
            f"Deciding statement: resource policy of {GROUP}, statement 0, no Sid."
        )

    def test_no_identity_allow(self) -> None:
        """Without any Allow the message says no identity-based policy allows the action."""
        request = Request(BOB, DESCRIBE, VERSION)
        assert refusal_message(request, evaluate(request, [])) == (
            f"User: {BOB} is not authorized to perform: sagemaker:DescribeModelPackage on "
            f"resource: {VERSION} because no identity-based policy allows the "
            "sagemaker:DescribeModelPackage action. No statement in the identity-based "
            "policies of role MLApprover allows it."
        )

    def test_cross_account_without_resource_policy(self) -> None:
        """Across accounts, an identity allow alone is refused for want of a resource policy."""
        request = Request(CAROL, DESCRIBE, VERSION)
        decision = evaluate(request, role_policies("Auditor", [allow(Sid="ReadAll")]))
        assert refusal_message(request, decision) == (
            f"User: {CAROL} is not authorized to perform: sagemaker:DescribeModelPackage on "
            f"resource: {VERSION} because no resource-based policy allows the "
            "sagemaker:DescribeModelPackage action. The identity-based policy allows it "
            '(role Auditor, statement 0, Sid "ReadAll"), but the resource belongs '
            f"to account {ACCOUNT}, so its resource policy must also grant it to account "
            f"{OTHER}, and it has no resource policy."
        )

    def test_cross_account_resource_allow_without_identity_allow(self) -> None:
        """Across accounts, a resource allow alone is refused as no identity-based allow."""
        request = Request(CAROL, DESCRIBE, VERSION)
        shared = resource_policy(GROUP, {"Statement": [share({"AWS": OTHER}) | {"Sid": "Share"}]})
        message = refusal_message(request, evaluate(request, [], shared))
        assert "because no identity-based policy allows the sagemaker:Describe" in message
        assert message.endswith(
            f'The resource policy allows it (resource policy of {GROUP}, statement 0, Sid "Share"),'
            " but across accounts the caller's identity-based policy must allow it too."
        )

    def test_check_raises_access_denied(self) -> None:
        """check() raises AccessDeniedException carrying the refusal message."""
        request = Request(ALICE, UPDATE, VERSION)
        with pytest.raises(AccessDeniedException, match="because no identity-based policy"):
            check(request, [])

    def test_allowed_decision_names_the_granting_statements(self) -> None:
        """A cross-account allow records the identity statement and the resource statement."""
        request = Request(CAROL, DESCRIBE, VERSION)
        shared = resource_policy(GROUP, {"Statement": [share({"AWS": OTHER}) | {"Sid": "Share"}]})
        decision = check(request, role_policies("Auditor", [allow()]), shared)
        assert decision.statement is not None and decision.other_allow is not None
        assert (decision.statement.origin, decision.other_allow.sid) == (
            "role Auditor",
            "Share",
        )

    def test_allowed_request_has_no_refusal(self) -> None:
        """Asking for the refusal of an allowed request is a programming error."""
        request = Request(ALICE, UPDATE, VERSION)
        with pytest.raises(ValueError, match="allowed"):
            refusal_message(request, evaluate(request, role_policies("D", [allow()])))


VALIDATION_CASES = [
    pytest.param(allow(), "identity", [], id="a plain allow statement is valid"),
    pytest.param(
        {"Version": "2012-10-17", "Statement": [allow(), deny(UPDATE)]},
        "identity",
        [],
        id="a full policy document is valid",
    ),
    pytest.param(
        '{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}',
        "identity",
        [],
        id="policy JSON text is parsed",
    ),
    pytest.param(
        {"Effect": "allow", "Action": "*", "Resource": "*"},
        "identity",
        ["statement 0: Effect must be 'Allow' or 'Deny', not 'allow'"],
        id="a lower-case effect is refused",
    ),
    pytest.param(
        {"Effect": "Allow", "Resource": "*"},
        "identity",
        ["statement 0: missing Action (or NotAction)"],
        id="a missing action is refused",
    ),
    pytest.param(
        {"Effect": "Allow", "Actions": "*", "Action": "*", "Resource": "*"},
        "identity",
        ["statement 0: unknown element 'Actions' (did you mean 'Action'?)"],
        id="an unknown element is refused with a suggestion",
    ),
    pytest.param(
        allow(Condition={"StringEqual": {"aws:RequestTag/team": "ml"}}),
        "identity",
        ["statement 0: unknown condition operator 'StringEqual' (did you mean 'StringEquals'?)"],
        id="an unknown condition operator is refused with a suggestion",
    ),
    pytest.param(
        allow(Condition={"DateGreaterThan": {"aws:CurrentTime": "2020-01-01"}}),
        "identity",
        ["statement 0: condition operator 'DateGreaterThan' is not simulated"],
        id="a real but unsimulated operator is refused as such",
    ),
    pytest.param(
        allow(Condition={"Bool": {"aws:SecureTransport": "yes"}}),
        "identity",
        ["statement 0: 'aws:SecureTransport' under Bool takes only true or false"],
        id="a Bool condition with a non-boolean value is refused",
    ),
    pytest.param(
        allow("UpdateModelPackage"),
        "identity",
        ["statement 0: Action 'UpdateModelPackage' is not of the form 'service:Action'"],
        id="an action without its service prefix is refused",
    ),
    pytest.param(
        allow(Principal="*"),
        "identity",
        ["statement 0: Principal belongs in resource-based policies only"],
        id="a principal in an identity policy is refused",
    ),
    pytest.param(
        allow(),
        "resource",
        [
            "statement 0: a resource-based policy statement needs exactly one of "
            "Principal, NotPrincipal"
        ],
        id="a resource policy statement without a principal is refused",
    ),
    pytest.param(
        {"Statement": [allow(Sid="A"), deny(Sid="A")]},
        "identity",
        ['statement 1 (Sid "A"): Sid "A" is used twice in one policy'],
        id="a repeated Sid is refused",
    ),
    pytest.param(
        {"Effect": "Allow", "NotPrincipal": {"AWS": ACCOUNT}, "Action": "*", "Resource": "*"},
        "resource",
        ['statement 0: NotPrincipal works only with "Effect": "Deny"'],
        id="NotPrincipal with Allow is refused",
    ),
    pytest.param(
        {"Version": "2012-10-17"},
        "identity",
        ["policy has no statements"],
        id="a document without statements is refused",
    ),
    pytest.param(
        "{not json",
        "identity",
        ["policy is not valid JSON: Expecting property name enclosed in double quotes at line 1"],
        id="text that is not JSON is refused",
    ),
]


@pytest.mark.parametrize(("document", "kind", "problems"), VALIDATION_CASES)
def test_validate_policy(document: Any, kind: Any, problems: list[str]) -> None:
    """validate_policy names what makes a policy unusable, and nothing else."""
    assert validate_policy(document, kind=kind) == problems
