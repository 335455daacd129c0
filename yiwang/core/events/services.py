"""Publishing events. Delivery happens only after the publishing transaction commits."""

from __future__ import annotations

from functools import partial

from django.db import transaction

from yiwang.core.registry.registry import get_manifests

from .tasks import deliver_event
from .types import Event


def subscribers(event_name: str) -> list[str]:
    """Dotted paths of the handlers that manifests declare for `event_name`."""
    return [m.event_handlers[event_name] for m in get_manifests() if event_name in m.event_handlers]


def publish(event: Event) -> None:
    """Schedule delivery of `event` to each subscriber after commit (nothing if rolled back)."""
    payload = event.payload()
    for handler in subscribers(event.name):
        transaction.on_commit(partial(deliver_event.enqueue, event_name=event.name, payload=payload, handler=handler))
