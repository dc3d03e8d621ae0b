"""NextToken pagination for List operations: opaque to the caller, stable for the same query.

A token holds the offset of the next page and a fingerprint of the query it
belongs to. Pages are read with LIMIT/OFFSET on the caller's ordered
statement, one row more than the page to know whether another follows: no
count, so an indexed statement reads no more than the rows up to the page.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from sqlalchemy import Row, Select

from mlgov_sim.core.db import Database
from mlgov_sim.core.errors import ValidationException

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
    db: Database,
    statement: Select[Any],
    params: dict[str, Any],
    *,
    listing: str,
    default_size: int = DEFAULT_MAX_RESULTS,
) -> tuple[list[Row[Any]], str | None]:
    """One page of `statement`'s rows and the token of the next page (None at the end).

    `params` is the List request: its MaxResults and NextToken pick the page,
    and its other members are the query a token belongs to. `listing` names
    what is listed (`ModelPackageRow`), which belongs to the query too: a
    ListModelPackages token must not page groups.
    """
    size = params.get("MaxResults") or default_size
    filters = {k: v for k, v in params.items() if k not in ("NextToken", "MaxResults")}
    filters["_rows"] = [listing]
    offset = decode_token(params.get("NextToken"), filters)
    rows = db.execute(statement.offset(offset).limit(size + 1)).all()
    if len(rows) > size:
        return rows[:size], encode_token(offset + size, filters)
    return rows, None
