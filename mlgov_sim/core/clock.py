"""Simulated time: the only source of "now" in a world.

Times are timezone-aware UTC datetimes. Durations are written as in scenarios
(`90s`, `15m`, `2h`, `1d`, combinations such as `1h30m`) or in ISO 8601
(`PT2H`, `P1DT2H`).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

_SHORT = re.compile(r"^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$")
_ISO = re.compile(r"^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$")


def parse_duration(text: str | int | float) -> timedelta:
    """Parse `2h`, `1h30m`, `45s`, `PT2H` or a number of seconds.

    >>> parse_duration("1h30m")
    datetime.timedelta(seconds=5400)
    >>> parse_duration("PT2H")
    datetime.timedelta(seconds=7200)
    """
    if isinstance(text, bool):
        raise ValueError(f"not a duration: {text!r}")
    if isinstance(text, int | float):
        return timedelta(seconds=text)
    value = text.strip()
    match = _SHORT.match(value)
    if value and match and any(match.groups()):
        d, h, m, s = (int(g) if g else 0 for g in match.groups())
        return timedelta(days=d, hours=h, minutes=m, seconds=s)
    match = _ISO.match(value)
    if value not in ("P", "PT") and match and any(match.groups()):
        w, d, h, m = (int(g) if g else 0 for g in match.groups()[:4])
        s = float(match.group(5) or 0)
        return timedelta(weeks=w, days=d, hours=h, minutes=m, seconds=s)
    raise ValueError(f"not a duration: {text!r} (expected e.g. 90s, 15m, 2h, 1d, 1h30m or PT2H)")


def parse_instant(value: str | datetime | int | float) -> datetime:
    """Read an instant as botocore accepts one: ISO 8601 text, a datetime or epoch seconds.

    Naive values are taken as UTC, as botocore does.
    """
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        moment = datetime.fromtimestamp(value, UTC)
    elif isinstance(value, str):
        text = value.strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        moment = datetime.fromisoformat(text)
    else:
        raise ValueError(f"not a timestamp: {value!r}")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def format_instant(moment: datetime) -> str:
    """ISO 8601 in UTC with a `Z`, as the AWS CLI and EventBridge print times.

    >>> format_instant(datetime(2025, 3, 1, 9, 0, tzinfo=UTC))
    '2025-03-01T09:00:00Z'
    """
    moment = moment.astimezone(UTC) if moment.tzinfo else moment
    text = moment.replace(tzinfo=None).isoformat()
    return f"{text}Z"


def format_duration(delta: timedelta) -> str:
    """Short human form of a duration: `2h`, `1h30m`, `45s`.

    >>> format_duration(timedelta(hours=1, minutes=30))
    '1h30m'
    """
    seconds = int(delta.total_seconds())
    if seconds == 0:
        return "0s"
    parts = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(f"{count}{unit}")
    return "".join(parts)
