"""EventBridge pattern matching against AWS's documented examples.

Events and patterns are taken from the EventBridge User Guide pages "Amazon
EventBridge event patterns", "Arrays in Amazon EventBridge event patterns",
"Matching null values and empty strings", "Content filtering in Amazon
EventBridge event patterns", "Comparison operators for use in event patterns",
from the Event Ruler README those pages are written against, and from the
SageMaker Developer Guide's "Automating Amazon SageMaker with Amazon
EventBridge" (Model package state change).
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from mlgov_sim.core.patterns import matches, pattern_problems

EC2_EVENT = {
    "version": "0",
    "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
    "detail-type": "EC2 Instance State-change Notification",
    "source": "aws.ec2",
    "account": "111122223333",
    "time": "2017-12-22T18:43:48Z",
    "region": "us-west-1",
    "resources": ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
    "detail": {"instance-id": "i-1234567890abcdef0", "state": "terminated"},
}
AUTOSCALING_EVENT = {
    "version": "0",
    "id": "3e3c153a-8339-4e30-8c35-687ebef853fe",
    "detail-type": "EC2 Instance Launch Successful",
    "source": "aws.autoscaling",
    "account": "123456789012",
    "time": "2015-11-11T21:31:47Z",
    "region": "us-east-1",
    "resources": [],
    "detail": {"eventVersion": "", "responseElements": None},
}
MACIE_EVENT = {
    "version": "0",
    "detail-type": "Macie Alert",
    "source": "aws.macie",
    "resources": [
        "arn:aws:macie:us-east-1:123456789012:trigger/trigger_id/alert/alert_id",
        "arn:aws:macie:us-east-1:123456789012:trigger/trigger_id",
    ],
    "detail": {
        "notification-type": "ALERT_CREATED",
        "tags": ["Custom_Alert", "Insider"],
        "risk-score": 80,
        "trigger": {"alert-type": "basic", "risk": 8},
    },
}
RULER_EVENT = {  # the example event the content-filtering examples are written against
    "version": "0",
    "detail-type": "EC2 Instance State-change Notification",
    "source": "aws.ec2",
    "account": "012345679012",
    "time": "2017-10-02T16:24:49Z",
    "region": "us-east-1",
    "resources": ["arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000"],
    "detail": {
        "c-count": 5,
        "d-count": 3,
        "x-limit": 301.8,
        "source-ip": "10.0.0.33",
        "instance-id": "i-000000aaaaaa00000",
        "state": "running",
    },
}
PENDING_EVENT = {  # "Exists matching": matches detail.state exists
    "detail-type": "EC2 Instance State-change Notification",
    "source": "aws.ec2",
    "detail": {"instance-id": "i-abcd1111", "state": "pending"},
}
C_COUNT_OBJECT_EVENT = {  # "Exists matching": c-count is an object, not a leaf
    "detail-type": ["EC2 Instance State-change Notification"],
    "resources": ["arn:aws:ec2:us-east-1:123456789012:instance/i-02ebd4584a2ebd341"],
    "detail": {"c-count": {"c1": 100}},
}
EMPLOYEES_EVENT = {
    "employees": [
        {"firstName": "John", "lastName": "Doe"},
        {"firstName": "Anna", "lastName": "Smith"},
        {"firstName": "Peter", "lastName": "Jones"},
    ]
}
# The SageMaker Developer Guide's Model package state change example (its stray second
# "source": ["aws.sagemaker"] key is dropped; JSON keeps one value per key).
PACKAGE_ARN = "arn:aws:sagemaker:us-east-2:123456789012:model-package/versionedmp-p-idy6c3e1fiqj/2"
SAGEMAKER_EVENT = {
    "version": "0",
    "id": "844e2571-85d4-695f-b930-0153b71dcb42",
    "detail-type": "SageMaker Model Package State Change",
    "source": "aws.sagemaker",
    "account": "123456789012",
    "time": "2021-02-24T17:00:14Z",
    "region": "us-east-2",
    "resources": [PACKAGE_ARN],
    "detail": {
        "ModelPackageGroupName": "versionedmp-p-idy6c3e1fiqj",
        "ModelPackageVersion": 2,
        "ModelPackageArn": PACKAGE_ARN,
        "CreationTime": "2021-02-24T17:00:14Z",
        "ModelPackageStatus": "Completed",
        "ModelPackageStatusDetails": {"ValidationStatuses": [], "ImageScanStatuses": []},
        "CertifyForMarketplace": False,
        "ModelApprovalStatus": "Rejected",
        "MetadataProperties": {
            "GeneratedBy": "arn:aws:sagemaker:us-east-2:123456789012:pipeline/"
            "versionedmp-p-idy6c3e1fiqj/execution/4r83jejmhorv"
        },
        "LastModifiedTime": "2021-02-24T17:00:14Z",
    },
}


def changed(event: dict[str, Any], **detail: Any) -> dict[str, Any]:
    """`event` with some `detail` fields replaced."""
    copied = copy.deepcopy(event)
    copied["detail"].update(detail)
    return copied


APPROVED = changed(SAGEMAKER_EVENT, ModelApprovalStatus="Approved")
DEPLOY_ON_APPROVAL = {
    "source": ["aws.sagemaker"],
    "detail-type": ["SageMaker Model Package State Change"],
    "detail": {
        "ModelPackageGroupName": ["versionedmp-p-idy6c3e1fiqj"],
        "ModelApprovalStatus": ["Approved"],
    },
}
EC2_TERMINATED = {
    "source": ["aws.ec2"],
    "detail-type": ["EC2 Instance State-change Notification"],
    "detail": {"state": ["terminated"]},
}
NUMERIC = {
    "detail": {
        "c-count": [{"numeric": [">", 0, "<=", 5]}],
        "d-count": [{"numeric": ["<", 10]}],
        "x-limit": [{"numeric": ["=", 3.018e2]}],
    }
}
COMPLEX = {
    "time": [{"prefix": "2017-10-02"}],
    "detail": {
        "state": [{"anything-but": "initializing"}],
        "c-count": [{"numeric": [">", 0, "<=", 5]}],
        "d-count": [{"numeric": ["<", 10]}],
        "x-limit": [{"anything-but": [100, 200, 300]}],
    },
}
RESOURCES = {
    "resources": [
        "arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f",
        "arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f",
        "arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f",
    ]
}
ASG_EVENT = {
    "resources": [
        "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-"
        "d5978ed4a025:autoScalingGroupName/ASGTerminate",
        "arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f",
    ]
}


def detail(**fields: Any) -> dict[str, Any]:
    """An event carrying only `detail` fields."""
    return {"detail": fields}


CASES = [
    # Event patterns page
    pytest.param(
        EC2_TERMINATED,
        EC2_EVENT,
        True,
        id="the EC2 termination pattern matches the documented terminated event",
    ),
    pytest.param(
        EC2_TERMINATED,
        changed(EC2_EVENT, state="running"),
        False,
        id="the EC2 termination pattern does not match a running instance",
    ),
    pytest.param(
        {"source": ["aws.ec2", "aws.fargate"]},
        EC2_EVENT,
        True,
        id="any value of a field's list may match",
    ),
    pytest.param(
        {"detail": {"reason": ["terminated"]}},
        EC2_EVENT,
        False,
        id="a field the event lacks never matches a value list",
    ),
    pytest.param(
        {"source": ["AWS.EC2"]}, EC2_EVENT, False, id="plain values match case-sensitively"
    ),
    pytest.param(
        {
            "source": ["aws.macie"],
            "detail-type": ["Macie Alert"],
            "detail": {"risk-score": [80], "trigger": {"risk": [8]}},
        },
        MACIE_EVENT,
        True,
        id="nested objects are matched field by field",
    ),
    pytest.param(
        {"detail": {"risk-score": [80], "trigger": {"risk": [9]}}},
        MACIE_EVENT,
        False,
        id="one failing nested field fails the whole pattern",
    ),
    # Null values and empty strings
    pytest.param(
        {"detail": {"responseElements": [None]}},
        AUTOSCALING_EVENT,
        True,
        id="null in a pattern matches a JSON null",
    ),
    pytest.param(
        {"detail": {"eventVersion": [""]}},
        AUTOSCALING_EVENT,
        True,
        id="an empty string in a pattern matches an empty string",
    ),
    pytest.param(
        {"detail": {"responseElements": [""]}},
        AUTOSCALING_EVENT,
        False,
        id="an empty string does not match null",
    ),
    pytest.param(
        {"detail": {"eventVersion": [None]}},
        AUTOSCALING_EVENT,
        False,
        id="null does not match an empty string",
    ),
    # Arrays
    pytest.param(
        RESOURCES,
        ASG_EVENT,
        True,
        id="an event array matches when it shares one value with the pattern",
    ),
    pytest.param(
        {"resources": ["arn:aws:ec2:us-east-1:999999999999:instance/i-b188560f"]},
        ASG_EVENT,
        False,
        id="an event array with no shared value does not match",
    ),
    pytest.param(
        {"detail": {"tags": ["Insider"]}},
        MACIE_EVENT,
        True,
        id="a value matches when any element of the event's array equals it",
    ),
    pytest.param(
        {"employees": {"firstName": ["Anna"]}},
        EMPLOYEES_EVENT,
        True,
        id="a nested pattern matches an object inside an event array",
    ),
    pytest.param(
        {"employees": {"firstName": ["Anna"], "lastName": ["Jones"]}},
        EMPLOYEES_EVENT,
        False,
        id="fields from different array elements never match together",
    ),
    # Prefix, suffix, equals-ignore-case, wildcard
    pytest.param(
        {"time": [{"prefix": "2017-10-02"}]},
        RULER_EVENT,
        True,
        id="prefix matches the start of a string",
    ),
    pytest.param(
        {"source": ["aws.autoscaling"], "region": [{"prefix": "eu-"}]},
        AUTOSCALING_EVENT,
        False,
        id="prefix eu- does not match a us-east-1 event",
    ),
    pytest.param(
        {"detail": {"c-count": [{"prefix": "5"}]}},
        RULER_EVENT,
        False,
        id="prefix matches strings only, never numbers",
    ),
    pytest.param(
        {"detail": {"service": [{"prefix": {"equals-ignore-case": "EventB"}}]}},
        detail(service="eventbridge"),
        True,
        id="prefix with equals-ignore-case ignores the case of the start",
    ),
    pytest.param(
        {"FileName": [{"suffix": ".png"}]},
        {"FileName": "image.png"},
        True,
        id="suffix matches the end of a string",
    ),
    pytest.param(
        {"detail": {"FileName": [{"suffix": {"equals-ignore-case": ".png"}}]}},
        detail(FileName="IMAGE.PNG"),
        True,
        id="suffix with equals-ignore-case ignores the case of the end",
    ),
    pytest.param(
        {"source": [{"equals-ignore-case": "AWS.EC2"}]},
        EC2_EVENT,
        True,
        id="equals-ignore-case matches whatever the case",
    ),
    pytest.param(
        {"source": [{"wildcard": "Simple*Service"}]},
        {"source": "SimpleQueueService"},
        True,
        id="a wildcard star matches any run",
    ),
    pytest.param(
        {"FilePath": [{"wildcard": "*/lib/*"}]},
        {"FilePath": "/usr/bin/ls"},
        False,
        id="a wildcard does not match a string without its literal parts",
    ),
    # Anything-but
    pytest.param(
        {"detail": {"state": [{"anything-but": "initializing"}]}},
        RULER_EVENT,
        True,
        id="anything-but a value matches a different value",
    ),
    pytest.param(
        {"detail": {"state": [{"anything-but": "initializing"}]}},
        changed(RULER_EVENT, state="initializing"),
        False,
        id="anything-but a value does not match that value",
    ),
    pytest.param(
        {"detail": {"state": [{"anything-but": ["stopped", "overloaded"]}]}},
        RULER_EVENT,
        True,
        id="anything-but a list matches a value outside the list",
    ),
    pytest.param(
        {"detail": {"x-limit": [{"anything-but": [100, 200, 300]}]}},
        changed(RULER_EVENT, **{"x-limit": 200}),
        False,
        id="anything-but a list of numbers does not match a listed number",
    ),
    pytest.param(
        {"detail": {"x-limit": [{"anything-but": 123}]}},
        RULER_EVENT,
        True,
        id="anything-but a number matches another number",
    ),
    pytest.param(
        {"detail": {"state": [{"anything-but": {"prefix": "init"}}]}},
        changed(RULER_EVENT, state="initializing"),
        False,
        id="anything-but a prefix does not match a value with that prefix",
    ),
    pytest.param(
        {"source": [{"anything-but": {"prefix": "aws."}}]},
        {"source": "my.app"},
        True,
        id="anything-but the aws. prefix selects custom events",
    ),
    pytest.param(
        {"FileName": [{"anything-but": {"suffix": ".png"}}]},
        {"FileName": "a.png"},
        False,
        id="anything-but a suffix does not match a value with that suffix",
    ),
    pytest.param(
        {"detail": {"reason": [{"anything-but": "initializing"}]}},
        RULER_EVENT,
        False,
        id="anything-but does not match a field the event lacks",
    ),
    pytest.param(
        {"detail-type": [{"anything-but": "AWS API Call via CloudTrail"}]},
        EC2_EVENT,
        True,
        id="anything-but excludes CloudTrail API calls and keeps the rest",
    ),
    # Numeric
    pytest.param(
        NUMERIC,
        RULER_EVENT,
        True,
        id="the documented numeric ranges all hold for the example event",
    ),
    pytest.param(
        NUMERIC,
        changed(RULER_EVENT, **{"c-count": 6}),
        False,
        id="a number outside a closed range does not match",
    ),
    pytest.param(
        NUMERIC,
        changed(RULER_EVENT, **{"c-count": 0}),
        False,
        id="an open lower bound excludes the bound itself",
    ),
    pytest.param(
        {"detail": {"c-count": [{"numeric": [">", 0]}]}},
        changed(RULER_EVENT, **{"c-count": "5"}),
        False,
        id="numeric matching ignores numbers written as strings",
    ),
    pytest.param(
        {"detail": {"c-count": [5.0]}},
        RULER_EVENT,
        False,
        id="a plain number matches only as written: 5.0 is not 5 (use numeric)",
    ),
    pytest.param(
        {"detail": {"CertifyForMarketplace": [0]}},
        SAGEMAKER_EVENT,
        False,
        id="false never equals zero",
    ),
    # Exists
    pytest.param(
        {"detail": {"state": [{"exists": True}]}},
        PENDING_EVENT,
        True,
        id="exists true matches an event with the field",
    ),
    pytest.param(
        {"detail": {"state": [{"exists": True}]}},
        C_COUNT_OBJECT_EVENT,
        False,
        id="exists true does not match an event without the field",
    ),
    pytest.param(
        {"detail": {"c-count": [{"exists": False}]}},
        PENDING_EVENT,
        True,
        id="exists false matches an event without the field",
    ),
    pytest.param(
        {"detail": {"c-count": [{"exists": False}]}},
        C_COUNT_OBJECT_EVENT,
        True,
        id="exists false matches a field holding an object, which is no leaf",
    ),
    pytest.param(
        {"detail": {"c-count": [{"exists": False}]}},
        RULER_EVENT,
        False,
        id="exists false does not match an event with the field",
    ),
    # Complex, CIDR, $or
    pytest.param(
        COMPLEX, RULER_EVENT, True, id="the documented complex pattern matches the example event"
    ),
    pytest.param(
        COMPLEX,
        changed(RULER_EVENT, **{"d-count": 10}),
        False,
        id="the complex pattern fails when one of its fields fails",
    ),
    pytest.param(
        {"detail": {"source-ip": [{"cidr": "10.0.0.0/24"}]}},
        RULER_EVENT,
        True,
        id="cidr matches an address inside the network",
    ),
    pytest.param(
        {
            "source": ["aws.ec2"],
            "$or": [{"detail": {"c-count": [1]}}, {"detail": {"state": ["running"]}}],
        },
        RULER_EVENT,
        True,
        id="$or matches when one alternative matches",
    ),
    pytest.param(
        {"$or": [{"detail": {"c-count": [1]}}, {"detail": {"state": ["stopped"]}}]},
        RULER_EVENT,
        False,
        id="$or fails when no alternative matches",
    ),
    # SageMaker Model Package State Change
    pytest.param(
        DEPLOY_ON_APPROVAL,
        APPROVED,
        True,
        id="the deploy-on-approval rule matches an approved version of its group",
    ),
    pytest.param(
        DEPLOY_ON_APPROVAL,
        SAGEMAKER_EVENT,
        False,
        id="the deploy-on-approval rule ignores the documented rejected version",
    ),
    pytest.param(
        {
            **DEPLOY_ON_APPROVAL,
            "detail": {"ModelPackageGroupName": ["fraud"], "ModelApprovalStatus": ["Approved"]},
        },
        APPROVED,
        False,
        id="the deploy-on-approval rule ignores other groups",
    ),
    pytest.param(
        {
            "source": ["aws.sagemaker"],
            "detail-type": ["SageMaker Model Package State Change"],
            "detail": {"ModelPackageGroupName": ["versionedmp-p-idy6c3e1fiqj"]},
        },
        SAGEMAKER_EVENT,
        True,
        id="the MLOps template rule matches every state change of its group",
    ),
    pytest.param(
        {"detail": {"ModelApprovalStatus": [{"anything-but": "Approved"}]}},
        SAGEMAKER_EVENT,
        True,
        id="anything-but Approved catches a rejection",
    ),
    pytest.param(
        {"detail": {"ModelPackageVersion": [{"numeric": [">=", 2]}]}},
        SAGEMAKER_EVENT,
        True,
        id="numeric matching reads the version number",
    ),
    pytest.param(
        {"resources": [{"prefix": "arn:aws:sagemaker:us-east-2:123456789012:"}]},
        SAGEMAKER_EVENT,
        True,
        id="prefix matching reads the resources array",
    ),
    pytest.param(
        {"detail": {"ModelLifeCycle": {"Stage": [{"exists": False}]}}},
        SAGEMAKER_EVENT,
        True,
        id="exists false inside a missing object matches a version without a stage",
    ),
    pytest.param(
        {"detail": {"MetadataProperties": {"GeneratedBy": [{"suffix": "/4r83jejmhorv"}]}}},
        SAGEMAKER_EVENT,
        True,
        id="suffix matches inside a nested object",
    ),
]


@pytest.mark.parametrize(("pattern", "event", "expected"), CASES)
def test_matches(pattern: dict[str, Any], event: dict[str, Any], expected: bool) -> None:
    """The pattern matches exactly the events AWS documents it matching."""
    assert pattern_problems(pattern) == []
    assert matches(pattern, event) is expected


PROBLEM_CASES = [
    pytest.param(
        [], ["an event pattern must be a non-empty JSON object"], id="a pattern must be an object"
    ),
    pytest.param(
        {"source": "aws.sagemaker"},
        ["source: must be a list of values or an object, not 'aws.sagemaker'"],
        id="a bare value instead of a list is refused",
    ),
    pytest.param(
        {"source": []},
        ["source: a value list cannot be empty"],
        id="an empty value list is refused",
    ),
    pytest.param(
        {"detail": {}},
        ["detail: empty objects are not allowed"],
        id="an empty nested object is refused",
    ),
    pytest.param(
        {"source": [{"prefx": "aws."}]},
        ["source: unknown operator 'prefx' (did you mean 'prefix'?)"],
        id="an unknown operator is refused with a suggestion",
    ),
    pytest.param(
        {"n": [{"numeric": [">", 0, ">", 5]}]},
        ["n: numeric: a range pairs one lower bound (> or >=) with one upper bound (< or <=)"],
        id="a range with two lower bounds is refused",
    ),
    pytest.param(
        {"n": [{"numeric": [">", "5"]}]},
        ["n: numeric: bounds must be numbers"],
        id="a numeric bound written as a string is refused",
    ),
    pytest.param(
        {"s": [{"anything-but": ["a", 1]}]},
        ["s: anything-but: takes a string, a number, or a list of only strings or only numbers"],
        id="anything-but mixing strings and numbers is refused",
    ),
    pytest.param(
        {"s": [{"exists": "yes"}]},
        ["s: exists: takes true or false"],
        id="exists with a non-boolean is refused",
    ),
    pytest.param(
        {"$or": [{"a": ["b"]}]},
        ["$or: $or needs a list of at least two objects"],
        id="$or with one alternative is refused",
    ),
    pytest.param(
        {"s": [{"prefix": "a", "suffix": "b"}]},
        ["s: a matcher object holds exactly one operator, not ['prefix', 'suffix']"],
        id="two operators in one matcher are refused",
    ),
    pytest.param(
        {"s": [{"wildcard": "a**b"}]},
        ["s: wildcard: consecutive * are not allowed"],
        id="consecutive wildcard stars are refused",
    ),
]


@pytest.mark.parametrize(("pattern", "problems"), PROBLEM_CASES)
def test_pattern_problems(pattern: Any, problems: list[str]) -> None:
    """pattern_problems names what makes a pattern unusable."""
    assert pattern_problems(pattern) == problems


def test_matches_refuses_an_unknown_operator() -> None:
    """matches raises on a malformed pattern instead of silently never matching."""
    with pytest.raises(ValueError, match="unknown event pattern operator 'contains'"):
        matches({"source": [{"contains": "ec2"}]}, EC2_EVENT)
