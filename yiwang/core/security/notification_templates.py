"""Notification templates of the security app (registered from `SecurityConfig.ready()`)."""

from __future__ import annotations

from yiwang.core.notifications.templates import register_template


def register() -> None:
    register_template(
        "security.alert",
        title="安全告警：{{ alert.summary }}",
        body="{{ alert.summary }}。\n请核查审计日志，必要时登记安全事件并按应急预案处置。",
        sms="【一网】安全告警：{{ alert.summary }}",
    )
    register_template(
        "security.incident_report_due",
        title="安全事件 {{ incident.number }} 须在 {{ due }} 前报告",
        body=(
            "{{ incident.number }} {{ incident.title }}（{{ incident.get_level_display }}）尚未报告。\n"
            "按事件级别，应在发现后 {{ window }}内报告省级网信部门（{{ due }} 前）。"
        ),
        sms="【一网】安全事件{{ incident.number }}须在{{ due }}前报告网信部门。",
    )
    register_template(
        "security.backup_failed",
        title="备份失败：{{ record.name|default:'（未生成）' }}",
        body="最近一次{{ record.get_kind_display }}失败：{{ error }}",
        sms="【一网】{{ record.get_kind_display }}失败，请检查。",
    )
