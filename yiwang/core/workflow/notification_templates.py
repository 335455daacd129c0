"""Notification templates of the workflow engine (registered from `WorkflowConfig.ready()`)."""

from __future__ import annotations

from yiwang.core.notifications.templates import register_template


def register() -> None:
    register_template(
        "workflow.assigned",
        title="新待办：{{ item.step_name }} — {{ item.title }}",
        body="您有一件新的待办：{{ item.title }}\n环节：{{ item.step_name }}{% if item.due_at %}\n办理时限：{{ item.due_at|date:'Y-m-d H:i' }}{% endif %}",
        sms="【一网】新待办：{{ item.title }}（{{ item.step_name }}）",
    )
    register_template(
        "workflow.circulated",
        title="待阅：{{ item.title }}",
        body="{{ sender }} 传阅给您：{{ item.title }}{% if note %}\n附言：{{ note }}{% endif %}",
    )
    register_template(
        "workflow.urged",
        title="催办：{{ item.title }}",
        body="{{ sender }} 催办您的待办：{{ item.title }}（{{ item.step_name }}）{% if message %}\n{{ message }}{% endif %}",
        sms="【一网】催办：{{ item.title }}（{{ item.step_name }}），请尽快办理。",
    )
    register_template(
        "workflow.due_soon",
        title="待办即将到期：{{ item.title }}",
        body="您的待办“{{ item.title }}”（{{ item.step_name }}）将于 {{ item.due_at|date:'Y-m-d H:i' }} 到期，请及时办理。",
        sms="【一网】待办{{ item.title }}（{{ item.step_name }}）即将到期，请及时办理。",
    )
    register_template(
        "workflow.overdue",
        title="待办已逾期：{{ item.title }}",
        body=(
            "{{ assignee }} 的待办“{{ item.title }}”（{{ item.step_name }}）已于 {{ item.due_at|date:'Y-m-d H:i' }} 到期，"
            "尚未办理，请督促办理。"
        ),
        sms="【一网】{{ assignee }}的待办{{ item.title }}已逾期，请督办。",
    )
    register_template(
        "workflow.sent_back",
        title="被退回：{{ item.title }}",
        body="“{{ item.title }}”被退回到“{{ item.step_name }}”。\n退回理由：{{ reason }}",
    )
