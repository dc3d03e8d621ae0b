"""Alarm ARNs: `arn:aws:cloudwatch:REGION:ACCOUNT:alarm:NAME`, the name as given."""

from __future__ import annotations

from mlgov_sim.core.call import Call


def alarm_arn(call: Call, name: str) -> str:
    return call.arn(f"alarm:{name}", service="cloudwatch")
