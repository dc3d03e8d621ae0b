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
    ├── InternalFailure            500
    └── S3Error                    (no code of its own) S3's codes, real HTTP statuses
        ├── NoSuchBucket                       404
        ├── NoSuchKey                          404
        ├── BucketAlreadyExists                409  another account owns the name
        ├── BucketAlreadyOwnedByYou            409
        ├── InvalidBucketName                  400
        ├── IllegalLocationConstraintException 400
        ├── InvalidArgument                    400
        ├── EntityTooLarge                     400
        └── AccessDenied                       403  IAM refusing an s3: action
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


class S3Error(ServiceError):
    """A refusal in S3's own vocabulary: S3 names its errors and statuses unlike SageMaker.

    Never raised itself (it has no code of its own); its subclasses are.
    """

    http_status = 400
    sender_fault = True


class NoSuchBucket(S3Error):
    """The bucket does not exist (in any account)."""

    code = "NoSuchBucket"
    http_status = 404

    def __init__(self, message: str = "The specified bucket does not exist") -> None:
        super().__init__(message)


class NoSuchKey(S3Error):
    """The bucket holds no object under that key."""

    code = "NoSuchKey"
    http_status = 404

    def __init__(self, message: str = "The specified key does not exist.") -> None:
        super().__init__(message)


class BucketAlreadyExists(S3Error):
    """Bucket names are global: another account owns this one."""

    code = "BucketAlreadyExists"
    http_status = 409


class BucketAlreadyOwnedByYou(S3Error):
    """The caller's account already owns the bucket (outside us-east-1, where this is an error)."""

    code = "BucketAlreadyOwnedByYou"
    http_status = 409


class InvalidBucketName(S3Error):
    """The name breaks S3's bucket naming rules."""

    code = "InvalidBucketName"
    http_status = 400


class IllegalLocationConstraintException(S3Error):
    """The bucket's LocationConstraint does not match the Region the request went to."""

    code = "IllegalLocationConstraintException"
    http_status = 400


class InvalidArgument(S3Error):
    """A request argument S3 refuses (such as a continuation token it never issued)."""

    code = "InvalidArgument"
    http_status = 400


class EntityTooLarge(S3Error):
    """The object is larger than the simulator keeps (see mlgov_sim.storage)."""

    code = "EntityTooLarge"
    http_status = 400


class AccessDenied(S3Error):
    """IAM refused an s3: action: S3's code and 403, where SageMaker says AccessDeniedException."""

    code = "AccessDenied"
    http_status = 403
