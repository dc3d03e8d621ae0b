"""CloudWatch's own error codes: it names its refusals unlike SageMaker (botocore's model).

The codes and HTTP statuses are the `error` entries of botocore's model
(`InvalidParameterValueException` is sent as `InvalidParameterValue`, 400;
`ResourceNotFound`, 404), so every front door renders them as CloudWatch does.
"""

from __future__ import annotations

from mlgov_sim.core.errors import ServiceError


class CloudWatchError(ServiceError):
    """A refusal in CloudWatch's vocabulary (never raised itself)."""

    http_status = 400
    sender_fault = True


class InvalidParameterValue(CloudWatchError):
    """A parameter's value is not one CloudWatch accepts (Period 15, DatapointsToAlarm > N)."""

    code = "InvalidParameterValue"


class InvalidParameterCombination(CloudWatchError):
    """Parameters that cannot go together (Statistic and ExtendedStatistic, Value and Values)."""

    code = "InvalidParameterCombination"


class MissingParameter(CloudWatchError):
    """A parameter the request's other parameters make necessary is absent."""

    code = "MissingParameter"


class ResourceNotFound(CloudWatchError):
    """The named alarm does not exist in the caller's account and Region."""

    code = "ResourceNotFound"
    http_status = 404


class InvalidNextToken(CloudWatchError):
    """The NextToken was not issued for this request."""

    code = "InvalidNextToken"


class InvalidFormat(CloudWatchError):
    """A parameter that must hold JSON (StateReasonData) does not."""

    code = "InvalidFormat"
