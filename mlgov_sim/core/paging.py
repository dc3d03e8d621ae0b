"""NextToken pagination for List operations: opaque to the caller, stable for the same query."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any, TypeVar

from sqlmodel import Session
from sqlmodel.sql.expression import SelectOfScalar

from mlgov_sim.core.errors import ValidationException

T = TypeVar("T")

DEFAULT_MAX_RESULTS = 10  # SageMaker's documented default for its List operations


def _fingerprint(filters: dict[str, Any]) -> str:
    text = json.dumps(filters, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def encode_token(offset: int, filters: dict[str, Any]) -> str:
    """A token for the page starting at `offset` of the query described by `filters`."""
    raw = json.dumps({"o": offset, "f": _fingerprint(filters)}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode()


def decode_token(token: str | None, filters: dict[str, Any]) -> int:
    """The offset a token points at; refuses tokens from another query or no query at all."""
    if not token:
        return 0
    try:
        data = json.loads(base64.urlsafe_b64decode(token.encode()))
        offset = int(data["o"])
        matches = data["f"] == _fingerprint(filters)
    except (ValueError, KeyError, TypeError) as error:
        raise ValidationException(f"Invalid pagination token: {token}") from error
    if not matches or offset < 0:
        raise ValidationException(
            "The NextToken does not belong to this request: pass the same filters "
            "as the request that returned it."
        )
    return offset


def page(
    session: Session,
    statement: SelectOfScalar[T],
    params: dict[str, Any],
    *,
    default_size: int = DEFAULT_MAX_RESULTS,
) -> tuple[list[T], str | None]:
    """One page of `statement`'s rows and the token of the next page (None at the end).

    `params` is the List request: its MaxResults and NextToken pick the page,
    and its other members are the query a token belongs to.
    """
    size = params.get("MaxResults") or default_size
    filters = {k: v for k, v in params.items() if k not in ("NextToken", "MaxResults")}
    # what is listed belongs to the query too: a ListModelPackages token must not page groups
    filters["_rows"] = [column["name"] for column in statement.column_descriptions]
    offset = decode_token(params.get("NextToken"), filters)
    rows = list(session.exec(statement.offset(offset).limit(size + 1)))
    if len(rows) > size:
        return rows[:size], encode_token(offset + size, filters)
    return rows, None
