"""Objects for the authorisation matrix (权限矩阵): a hall and a window belonging to an agency."""

from __future__ import annotations

from typing import Any

from yiwang.core.orgs.models import Agency

from . import queue_support as support


def make_hall(agency: Agency) -> dict[str, Any]:
    return {"hall_id": support.make_hall(agency, name=f"{agency.short_name}政务服务中心").pk}


def make_window(agency: Agency) -> dict[str, Any]:
    hall = support.make_hall(agency, name=f"{agency.short_name}政务服务中心")
    return {"window_id": support.window(hall, "1").pk}
