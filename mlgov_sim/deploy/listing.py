"""The List operations' shared query: the caller's rows, filtered and sorted as SageMaker does.

ListModels, ListEndpointConfigs and ListEndpoints take the same filters
(NameContains, CreationTime and LastModifiedTime bounds, StatusEquals for
endpoints) and sort by CreationTime, Descending, unless told otherwise.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.sql import Select

from mlgov_sim.core.call import Call
from mlgov_sim.deploy.store import Kind

_BOUNDS = (
    ("CreationTimeAfter", "creation_time", True),
    ("CreationTimeBefore", "creation_time", False),
    ("LastModifiedTimeAfter", "last_modified_time", True),
    ("LastModifiedTimeBefore", "last_modified_time", False),
)
_SORT_COLUMNS = {"Name": "name_key", "CreationTime": "creation_time", "Status": "status"}


def filtered(kind: Kind[Any], call: Call, params: dict[str, Any]) -> Select[Any]:
    """The ordered statement a List request asks for (paging is the caller's)."""
    table = kind.table
    statement = kind.select().where(table.c.account == call.account, table.c.region == call.region)
    if params.get("NameContains"):
        statement = statement.where(table.c.name_key.contains(params["NameContains"].lower()))
    if params.get("StatusEquals"):
        statement = statement.where(table.c.status == params["StatusEquals"])
    for member, column, after in _BOUNDS:
        if params.get(member) is not None:
            bound = params[member]
            statement = statement.where(
                table.c[column] > bound if after else table.c[column] < bound
            )
    column = table.c[_SORT_COLUMNS[params.get("SortBy") or "CreationTime"]]
    ascending = params.get("SortOrder") == "Ascending"
    order = [column.asc() if ascending else column.desc()]
    order.append(table.c.id.asc() if ascending else table.c.id.desc())
    return statement.order_by(*order)
