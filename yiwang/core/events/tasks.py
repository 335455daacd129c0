"""Background delivery of one event to one handler."""

from __future__ import annotations

import logging
from typing import Any

from django.utils.module_loading import import_string
from django_tasks import task

from .types import event_type

logger = logging.getLogger("yiwang.events")


@task()
def deliver_event(*, event_name: str, payload: dict[str, Any], handler: str) -> None:
    event = event_type(event_name)(**payload)
    logger.info("delivering %s to %s", event_name, handler)
    import_string(handler)(event)
