"""Notification templates of 公文 (registered from `DocumentsConfig.ready()`)."""

from __future__ import annotations

from yiwang.core.notifications.templates import register_template


def register() -> None:
    # 公文交换: a document sent over the platform waits for 签收 in the recipient's 收文 list.
    register_template(
        "documents.incoming_arrived",
        title="新来文待签收：{{ obj.title }}",
        body=(
            "{{ obj.source_name }}发来公文“{{ obj.title }}”{% if obj.source_number %}（{{ obj.source_number }}）{% endif %}，"
            "请在收文中签收。{% if obj.urgency %}紧急程度：{{ obj.urgency }}。{% endif %}"
        ),
        sms="【一网】{{ obj.source_name }}来文“{{ obj.title }}”待签收，请及时办理。",
    )
