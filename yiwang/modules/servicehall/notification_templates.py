"""Notification templates of the service hall (registered from `ServiceHallConfig.ready()`)."""

from __future__ import annotations

from yiwang.core.notifications.templates import register_template


def register() -> None:
    # 取号短信提醒: only the number and the line — the SMS is sent to a number typed at the kiosk.
    register_template(
        "servicehall.turn_near",
        title="即将轮到您办理：{{ obj.number }}",
        body="您在{{ obj.hall.name }}取的 {{ obj.number }} 号（{{ obj.line.name }}）前面已不超过 3 人，请到等候区留意叫号。",
        sms="【一网】您的 {{ obj.number }} 号（{{ obj.line.name }}）即将叫到，请到大厅等候区留意叫号。",
    )
