"""Refusals made at the door, before a request reaches `World.call`, in AWS's own words.

    ServiceError (mlgov_sim.core.errors)
    ├── MissingAuthenticationToken  403  no SigV4 Authorization header
    ├── IncompleteSignature         400  an Authorization header that cannot be read
    ├── UnrecognizedClient          400  an access key no principal of the world has
    └── InvalidSignature            400  a signature the secret does not reproduce, or a
        │                                credential scoped to another service
        └── WrongRegion             400  a credential scoped to another region than the world's

S3 words the same refusals its own way (`s3_equivalent`), as it does on AWS.
"""

from __future__ import annotations

from mlgov_sim.core.errors import ServiceError

SIGNATURE_MISMATCH = (
    "The request signature we calculated does not match the signature you provided. "
    "Check your AWS Secret Access Key and signing method. "
    "Consult the service documentation for details."
)


class MissingAuthenticationToken(ServiceError):
    """The request is not signed (mlgov-sim serves SigV4-signed requests only)."""

    code = "MissingAuthenticationTokenException"
    http_status = 403
    sender_fault = True

    def __init__(self, message: str = "Missing Authentication Token") -> None:
        super().__init__(message)


class IncompleteSignature(ServiceError):
    """The Authorization header lacks a part SigV4 requires."""

    code = "IncompleteSignatureException"
    http_status = 400
    sender_fault = True


class UnrecognizedClient(ServiceError):
    """No principal of the world has the request's access key."""

    code = "UnrecognizedClientException"
    http_status = 400
    sender_fault = True

    def __init__(
        self, message: str = "The security token included in the request is invalid."
    ) -> None:
        super().__init__(message)


class InvalidSignature(ServiceError):
    """The signature does not match, or its credential is scoped to another region or service."""

    code = "InvalidSignatureException"
    http_status = 400
    sender_fault = True

    def __init__(self, message: str = SIGNATURE_MISMATCH) -> None:
        super().__init__(message)


class WrongRegion(InvalidSignature):
    """The credential is scoped to a region other than the world's (AWS refuses it the same way)."""

    def __init__(self, region: str, expected: str) -> None:
        super().__init__(
            f"Credential should be scoped to a valid region, not '{region}'. "
            f"(This mlgov-sim world is in {expected}.)"
        )
        self.region = region
        self.expected = expected


# S3 (REST-XML) names these refusals, and the kernel's, differently: (code, HTTP status).
_S3_CODES: dict[str, tuple[str, int]] = {
    "MissingAuthenticationTokenException": ("AccessDenied", 403),
    "IncompleteSignatureException": ("AuthorizationHeaderMalformed", 400),
    "UnrecognizedClientException": ("InvalidAccessKeyId", 403),
    "InvalidSignatureException": ("SignatureDoesNotMatch", 403),
    "AccessDeniedException": ("AccessDenied", 403),
    "UnknownOperationException": ("NotImplemented", 501),
    "ValidationException": ("InvalidArgument", 400),
    "InternalFailure": ("InternalError", 500),
}


def s3_equivalent(error: ServiceError) -> tuple[str, int, str]:
    """The (code, status, message) S3 answers with where another service says `error`."""
    if isinstance(error, WrongRegion):
        return (
            "AuthorizationHeaderMalformed",
            400,
            f"The authorization header is malformed; the region '{error.region}' is wrong; "
            f"expecting '{error.expected}'",
        )
    code, status = _S3_CODES.get(error.code, (error.code, error.http_status))
    if isinstance(error, UnrecognizedClient):
        return code, status, "The AWS Access Key Id you provided does not exist in our records."
    if isinstance(error, InvalidSignature) and error.message == SIGNATURE_MISMATCH:
        return (
            code,
            status,
            (
                "The request signature we calculated does not match the signature you provided. "
                "Check your key and signing method."
            ),
        )
    return code, status, error.message
