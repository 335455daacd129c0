"""Notification templates of 诉求 (registered from `TicketsConfig.ready()`)."""

from __future__ import annotations

from yiwang.core.notifications.templates import register_template


def register() -> None:
    register_template(
        "tickets.replied",
        title="您的诉求已答复：{{ obj.title }}",
        body=(
            "您提交的诉求“{{ obj.title }}”（查询码 {{ obj.query_code }}）已由{{ agency }}答复：\n{{ obj.reply }}\n"
            "您可在“我的诉求”或凭查询码查看。"
        ),
        sms="【一网】您的诉求（查询码{{ obj.query_code }}）已由{{ agency }}答复，请登录“我的诉求”或凭查询码查看。",
    )
