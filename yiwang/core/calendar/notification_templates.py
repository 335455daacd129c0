"""Notification templates of the calendar (registered from `CalendarConfig.ready()`)."""

from __future__ import annotations

from yiwang.core.notifications.templates import register_template


def register() -> None:
    register_template(
        "calendar.clock_due_soon",
        title="时限即将届满：{{ object }}",
        body=(
            "{{ object }} 的办理时限即将届满。\n"
            "法定依据：{{ basis }}（{{ limit }}{{ unit }}）\n"
            "届满日：{{ due }}\n"
            "请在期限内办结；确需中止或延长的，请按规定报批并登记理由和批准人。"
        ),
        sms="【一网】{{ object }} 办理时限将于{{ due }}届满，请及时办理。",
    )
    register_template(
        "calendar.clock_overdue",
        title="已逾期：{{ object }}",
        body=(
            "{{ object }} 已超过办理时限，请立即督办。\n"
            "法定依据：{{ basis }}（{{ limit }}{{ unit }}）\n"
            "届满日：{{ due }}"
        ),
        sms="【一网】{{ object }} 已超过办理时限（届满日{{ due }}），请立即督办。",
    )
    register_template(
        "calendar.unknown_year",
        title="{{ year }}年节假日安排尚未录入，法定时限无法计算",
        body=(
            "系统需要计算落在{{ year }}年的法定时限，但{{ year }}年的节假日和调休安排尚未录入，"
            "相关时限已暂记为“临时”，不会按周一至周五推算。\n"
            "请依据国务院办公厅关于{{ year }}年部分节假日安排的通知，在“工作日历”中录入调整并标记该年已录入；"
            "录入后系统将自动重新计算。"
        ),
        sms="【一网】{{ year }}年节假日安排尚未录入，法定时限无法计算，请尽快在工作日历中录入。",
    )
