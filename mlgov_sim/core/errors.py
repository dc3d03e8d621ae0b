"""Errors a simulated AWS service raises, one class per AWS error code.

Each class carries the AWS error code, the HTTP status AWS answers with and
whether the fault is the caller's, so every front door (scenario runner, CLI,
HTTP server) renders the same refusal the same way.

    ServiceError
    ├── ValidationException        400  bad input, and SageMaker's "not found"
    ├── ConflictException          400
    ├── ResourceNotFound           400
    ├── ResourceInUse              400
    ├── ResourceLimitExceeded      400
    ├── AccessDeniedException      400
    ├── UnknownOperationException  400
    └── InternalFailure            500
"""

from __future__ import annotations


class ServiceError(Exception):
    """A refusal from a simulated service, with its AWS error code."""

    code: str = "InternalFailure"
    http_status: int = 500
    sender_fault: bool = False

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class ValidationException(ServiceError):
    """The input breaks a constraint, or (SageMaker's way) names nothing that exists."""

    code = "ValidationException"
    http_status = 400
    sender_fault = True


class ConflictException(ServiceError):
    """The resource is in a state that does not allow the change."""

    code = "ConflictException"
    http_status = 400
    sender_fault = True


class ResourceNotFound(ServiceError):
    """SageMaker's not-found code for the resources that use it (not model packages)."""

    code = "ResourceNotFound"
    http_status = 400
    sender_fault = True


class ResourceInUse(ServiceError):
    """The resource is used by another one and cannot change now."""

    code = "ResourceInUse"
    http_status = 400
    sender_fault = True


class ResourceLimitExceeded(ServiceError):
    """An account quota would be exceeded."""

    code = "ResourceLimitExceeded"
    http_status = 400
    sender_fault = True


class AccessDeniedException(ServiceError):
    """The principal's policies do not allow the action on the resource."""

    code = "AccessDeniedException"
    http_status = 400
    sender_fault = True


class UnknownOperationException(ServiceError):
    """The operation is not one the simulator supports."""

    code = "UnknownOperationException"
    http_status = 400
    sender_fault = True


class InternalFailure(ServiceError):
    """A defect in the simulator itself; never expected in a scenario."""

    code = "InternalFailure"
    http_status = 500
    sender_fault = False
