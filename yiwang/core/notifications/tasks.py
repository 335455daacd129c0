"""Delivery tasks: one task sends one Delivery; a periodic sweeper catches what fell through."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from yiwang.core.jobs.periodic import periodic

from . import services


@task()
def deliver(delivery_id: int) -> str:
    """Send one email or SMS delivery (idempotent; retried with backoff on failure)."""
    return str(services.send_delivery(delivery_id=delivery_id).status)


@periodic(name="notifications.retry_deliveries", every=timedelta(minutes=1))
def retry_deliveries() -> None:
    """重发到期的、遗漏的或中断的邮件/短信投递。"""
    services.retry_due_deliveries()
