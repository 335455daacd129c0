"""Background work of the workflow engine: due-date reminders and escalation, BPMN timers."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from yiwang.core.jobs.periodic import periodic

from . import services


@task()
def notify_assigned(*, item_ids: list[str], template: str, context: dict[str, str]) -> int:
    """新待办/退回通知: tell each new assignee (or the candidates of a group task) about their item."""
    return services.notify_assigned_items(item_ids, template=template, context=context)


@periodic(name="workflow.due_reminders", every=timedelta(minutes=15))
def send_due_reminders() -> None:
    """待办到期前提醒办理人，逾期后通知其领导（每15分钟）。"""
    services.send_due_reminders()


@periodic(name="workflow.fire_timers", every=timedelta(minutes=1))
def fire_timers() -> None:
    """触发到时的流程定时事件（每分钟）。"""
    services.fire_timers()
