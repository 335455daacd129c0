"""Events reach the handlers that manifests declare, only after the publisher commits."""

from __future__ import annotations

import dataclasses
from typing import ClassVar
from unittest import mock

import pytest
from django.db import transaction

from yiwang.core.events import services
from yiwang.core.events.types import Event, event_type
from yiwang.core.registry.manifest import Manifest

pytestmark = pytest.mark.django_db
received: list[Event] = []


@dataclasses.dataclass(frozen=True, kw_only=True)
class AgencyRenamed(Event):
    name: ClassVar[str] = "test.agency_renamed"
    agency_id: int
    new_name: str


def on_renamed(event: AgencyRenamed) -> None:
    received.append(event)


SUBSCRIBER = Manifest(
    name="subscriber", title="订阅者", event_handlers={"test.agency_renamed": f"{__name__}.on_renamed"}
)


@pytest.fixture(autouse=True)
def subscribed():
    received.clear()
    with mock.patch.object(services, "get_manifests", return_value=(SUBSCRIBER,)):
        yield


def test_a_committed_event_reaches_the_declared_handler(django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.publish(AgencyRenamed(agency_id=7, new_name="伊春市民政局"))
        assert received == []  # not inside the transaction
    assert len(callbacks) == 1
    assert received == [AgencyRenamed(agency_id=7, new_name="伊春市民政局")]


def test_a_rolled_back_event_is_never_delivered(django_capture_on_commit_callbacks) -> None:
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.publish(AgencyRenamed(agency_id=7, new_name="x"))
        raise RuntimeError("the change failed")
    assert callbacks == []
    assert received == []


def test_an_event_nobody_subscribes_to_goes_nowhere() -> None:
    with mock.patch.object(services, "get_manifests", return_value=()):
        services.publish(AgencyRenamed(agency_id=1, new_name="x"))
    assert received == []


def test_event_names_are_unique() -> None:
    assert event_type("test.agency_renamed") is AgencyRenamed
    with pytest.raises(TypeError):

        @dataclasses.dataclass(frozen=True, kw_only=True)
        class Duplicate(Event):
            name: ClassVar[str] = "test.agency_renamed"
