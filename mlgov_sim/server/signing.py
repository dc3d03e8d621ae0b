"""SigV4 on the receiving side: read the Authorization header, recompute the signature.

botocore signs; the same class verifies. `_Verifier` is botocore's `SigV4Auth`
told which headers the client signed (and, for S3, to take the path as sent,
as `S3SigV4Auth` does), so the canonical request, the string to sign and the
signing key are botocore's own. S3's body hash is the `X-Amz-Content-SHA256`
header the client signed.
"""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass
from typing import Any

from botocore.auth import SigV4Auth, _host_from_url
from botocore.awsrequest import AWSRequest
from botocore.compat import HTTPHeaders
from botocore.credentials import Credentials

from mlgov_sim.server.errors import IncompleteSignature, MissingAuthenticationToken
from mlgov_sim.server.messages import HttpRequest

_ALGORITHM = "AWS4-HMAC-SHA256"
_PART = re.compile(r"(\w+)=([^,\s]*)")


@dataclass(frozen=True)
class Credential:
    """What a SigV4 Authorization header says: who signed, for which scope, which headers."""

    access_key_id: str
    date: str
    region: str
    service: str
    signed_headers: tuple[str, ...]
    signature: str


def read_authorization(request: HttpRequest) -> Credential:
    """The request's SigV4 credential; MissingAuthenticationToken or IncompleteSignature if none."""
    header = request.headers.get("authorization")
    if not header:
        raise MissingAuthenticationToken()
    algorithm, _, rest = header.strip().partition(" ")
    if algorithm != _ALGORITHM:
        raise IncompleteSignature(
            f"Unsupported authorization type {algorithm!r}: mlgov-sim checks {_ALGORITHM} only"
        )
    parts = dict(_PART.findall(rest))
    missing = [name for name in ("Credential", "SignedHeaders", "Signature") if name not in parts]
    scope = parts.get("Credential", "").split("/")
    if missing or len(scope) != 5 or scope[4] != "aws4_request":
        raise IncompleteSignature(
            "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' "
            f"parameters, with a credential of the form KEY/DATE/REGION/SERVICE/aws4_request. "
            f"Authorization={header}"
        )
    key, date, region, service, _ = scope
    return Credential(
        access_key_id=key,
        date=date,
        region=region,
        service=service,
        signed_headers=tuple(parts["SignedHeaders"].lower().split(";")),
        signature=parts["Signature"],
    )


def signature_matches(request: HttpRequest, credential: Credential, secret: str) -> bool:
    """Whether `secret` reproduces the request's signature (compared in constant time)."""
    timestamp = request.headers.get("x-amz-date")
    if not timestamp:
        return False
    s3 = credential.service == "s3"
    verifier = _Verifier(
        Credentials(credential.access_key_id, secret),
        credential.service,
        credential.region,
        credential.signed_headers,
        s3=s3,
    )
    signed = AWSRequest(
        method=request.method,
        url=f"http://{request.host or 'localhost'}{request.target}",
        headers=dict(request.headers.items()),
        data=request.body,
    )
    signed.context["timestamp"] = timestamp
    verifier.raw_headers = request.headers.items()
    canonical = verifier.canonical_request(signed)
    expected = verifier.signature(verifier.string_to_sign(signed, canonical), signed)
    return hmac.compare_digest(expected, credential.signature)


class _Verifier(SigV4Auth):
    """botocore's signer, limited to the headers the client says it signed."""

    def __init__(
        self,
        credentials: Credentials,
        service: str,
        region: str,
        signed: tuple[str, ...],
        *,
        s3: bool,
    ) -> None:
        super().__init__(credentials, service, region)
        self._signed = signed
        self._s3 = s3
        self.raw_headers: list[tuple[str, str]] = []

    def headers_to_sign(self, request: Any) -> HTTPHeaders:
        wanted = set(self._signed)
        found = HTTPHeaders()
        for name, value in self.raw_headers:
            if name.lower() in wanted:
                found[name.lower()] = value
        if "host" in wanted and "host" not in found:
            found["host"] = _host_from_url(request.url)
        return found

    def _normalize_url_path(self, path: str) -> str:
        if self._s3:  # S3 signs the path as sent, as S3SigV4Auth does
            return path
        return super()._normalize_url_path(path)
