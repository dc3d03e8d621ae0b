"""`${NAME.Path.To.Field}` references: reading earlier responses (or an event) into a call.

Scenario steps and automations both use them, so they live in the kernel.

A string that is exactly one reference keeps the referenced value's type
(`${v2.ModelPackageVersion}` stays an int); inside a longer string the value is
written as text. `$${` is a literal `${`.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from mlgov_sim.core.clock import format_instant

REFERENCE = re.compile(r"(?<!\$)\$\{([^{}]*)\}")
ESCAPED = "$${"


class UnresolvedReference(Exception):
    """A reference names a field the referenced response does not have."""


def references_in(text: str) -> list[str]:
    """The reference bodies (`v2.ModelPackageArn`) written in `text`."""
    return REFERENCE.findall(text)


def lookup(scope: dict[str, Any], reference: str) -> Any:
    """The value `reference` (`v2.ModelPackageSummaryList.0.ModelPackageArn`) points at."""
    name, *path = reference.split(".")
    if name not in scope:
        known = ", ".join(sorted(scope)) or "none"
        raise UnresolvedReference(f"${{{reference}}}: no step named {name!r} (known: {known})")
    value = scope[name]
    walked = name
    for part in path:
        if isinstance(value, dict):
            if part not in value:
                fields = ", ".join(value) or "none"
                raise UnresolvedReference(
                    f"${{{reference}}}: {walked} has no field {part!r} (fields: {fields})"
                )
            value = value[part]
        elif isinstance(value, list):
            if not part.isdigit() or int(part) >= len(value):
                raise UnresolvedReference(
                    f"${{{reference}}}: {walked} is a list of {len(value)} item(s); "
                    f"{part!r} is not an index in it (0-based)"
                )
            value = value[int(part)]
        else:
            raise UnresolvedReference(
                f"${{{reference}}}: {walked} is {value!r}, which has no fields"
            )
        walked = f"{walked}.{part}"
    return value


def _as_text(value: Any) -> str:
    if isinstance(value, datetime):
        return format_instant(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def resolve(value: Any, scope: dict[str, Any]) -> Any:
    """`value` with every reference replaced, recursively through mappings and lists."""
    if isinstance(value, dict):
        return {key: resolve(item, scope) for key, item in value.items()}
    if isinstance(value, list):
        return [resolve(item, scope) for item in value]
    if not isinstance(value, str) or "${" not in value:
        return value
    whole = REFERENCE.fullmatch(value)
    if whole:
        return lookup(scope, whole.group(1))
    text = REFERENCE.sub(lambda m: _as_text(lookup(scope, m.group(1))), value)
    return text.replace(ESCAPED, "${")
