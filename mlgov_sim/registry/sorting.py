"""Filters and sort orders shared by the registry's List operations."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, Select, Table, func


def apply_common(
    statement: Select[Any], table: Table, params: dict[str, Any], name_column: Column[Any]
) -> Select[Any]:
    """CreationTimeAfter/Before, NameContains, SortBy (Name|CreationTime) and SortOrder.

    Ties (many rows share one simulated instant) fall back to creation order,
    so pages are stable.
    """
    if params.get("CreationTimeAfter") is not None:
        statement = statement.where(table.c.creation_time > params["CreationTimeAfter"])
    if params.get("CreationTimeBefore") is not None:
        statement = statement.where(table.c.creation_time < params["CreationTimeBefore"])
    if params.get("NameContains"):
        needle = params["NameContains"].lower()
        statement = statement.where(func.lower(name_column).contains(needle, autoescape=True))
    primary = name_column if params.get("SortBy") == "Name" else table.c.creation_time
    keys = [primary, table.c.id]
    if params.get("SortOrder") == "Descending":
        keys = [key.desc() for key in keys]
    return statement.order_by(*keys)
