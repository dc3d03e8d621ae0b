"""Filters and sort orders shared by the registry's List operations."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func
from sqlmodel import col
from sqlmodel.sql.expression import SelectOfScalar


def apply_common(
    statement: SelectOfScalar[Any], table: Any, params: dict[str, Any], name_column: Any
) -> SelectOfScalar[Any]:
    """CreationTimeAfter/Before, NameContains, SortBy (Name|CreationTime) and SortOrder.

    Ties (many rows share one simulated instant) fall back to creation order,
    so pages are stable.
    """
    if params.get("CreationTimeAfter") is not None:
        statement = statement.where(col(table.creation_time) > params["CreationTimeAfter"])
    if params.get("CreationTimeBefore") is not None:
        statement = statement.where(col(table.creation_time) < params["CreationTimeBefore"])
    if params.get("NameContains"):
        needle = params["NameContains"].lower()
        statement = statement.where(func.lower(name_column).contains(needle, autoescape=True))
    primary = col(name_column) if params.get("SortBy") == "Name" else col(table.creation_time)
    keys = [primary, col(table.id)]
    if params.get("SortOrder") == "Descending":
        keys = [key.desc() for key in keys]
    return statement.order_by(*keys)
