from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from yiwang.core.notifications import services
from yiwang.core.notifications.models import Delivery, Message
from yiwang.core.notifications.tasks import deliver
from yiwang.testing.personas import World

pytestmark = pytest.mark.django_db


class FlakyGateway:
    """Fails the first `failures` sends, then succeeds."""

    failures = 0
    sent: list[str] = []

    def send(self, *, phone: str, text: str) -> None:
        if FlakyGateway.failures > 0:
            FlakyGateway.failures -= 1
            raise ConnectionError("短信网关超时")
        FlakyGateway.sent.append(text)


FLAKY = "yiwang.core.notifications.tests.test_delivery.FlakyGateway"


@pytest.fixture
def sms_delivery(world: World) -> Delivery:
    world.citizen.phone = "13900139000"
    world.citizen.save()
    message = Message.objects.create(recipient=world.citizen, template_code="t", title="标题")
    return Delivery.objects.create(message=message, channel="sms", address="139****9000", text="【中国伊春】测试")


@pytest.fixture(autouse=True)
def reset_flaky():
    FlakyGateway.failures = 0
    FlakyGateway.sent = []
    from yiwang.core.notifications.gateways import _gateway_for

    _gateway_for.cache_clear()
    yield
    _gateway_for.cache_clear()


@override_settings(YIWANG_SMS_GATEWAY=FLAKY)
def test_a_failed_send_is_requeued_with_backoff_and_then_succeeds(sms_delivery: Delivery) -> None:
    FlakyGateway.failures = 2
    first = services.send_delivery(delivery_id=sms_delivery.pk)
    assert first.status == "queued" and first.attempts == 1 and "超时" in first.last_error
    assert first.next_attempt_at is not None and first.next_attempt_at > timezone.now()
    # Not due yet: a premature run does nothing.
    assert services.send_delivery(delivery_id=sms_delivery.pk).attempts == 1
    Delivery.objects.filter(pk=sms_delivery.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    second = services.send_delivery(delivery_id=sms_delivery.pk)
    assert second.status == "queued" and second.attempts == 2
    # The backoff doubles.
    assert second.next_attempt_at - timezone.now() > timedelta(seconds=100)
    Delivery.objects.filter(pk=sms_delivery.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    third = services.send_delivery(delivery_id=sms_delivery.pk)
    assert third.status == "sent" and third.attempts == 3 and third.sent_at is not None and third.last_error == ""
    assert FlakyGateway.sent == ["【中国伊春】测试"]


@override_settings(YIWANG_SMS_GATEWAY=FLAKY, YIWANG_NOTIFICATIONS={"MAX_ATTEMPTS": 2})
def test_a_delivery_fails_for_good_after_the_last_attempt(sms_delivery: Delivery) -> None:
    FlakyGateway.failures = 10
    services.send_delivery(delivery_id=sms_delivery.pk)
    Delivery.objects.filter(pk=sms_delivery.pk).update(next_attempt_at=timezone.now())
    final = services.send_delivery(delivery_id=sms_delivery.pk)
    assert final.status == "failed" and final.attempts == 2 and final.next_attempt_at is None
    assert services.send_delivery(delivery_id=sms_delivery.pk).attempts == 2  # never tried again


def test_a_sent_delivery_is_never_sent_twice(sms_delivery: Delivery, sms_outbox: list) -> None:
    deliver.enqueue(delivery_id=sms_delivery.pk)
    deliver.enqueue(delivery_id=sms_delivery.pk)
    services.send_delivery(delivery_id=sms_delivery.pk)
    assert len(sms_outbox) == 1
    assert Delivery.objects.get(pk=sms_delivery.pk).attempts == 1


def test_a_delivery_being_sent_by_another_worker_is_left_alone(sms_delivery: Delivery, sms_outbox: list) -> None:
    Delivery.objects.filter(pk=sms_delivery.pk).update(status="sending", claimed_at=timezone.now())
    services.send_delivery(delivery_id=sms_delivery.pk)
    assert sms_outbox == []


def test_the_sweeper_sends_due_deliveries_whose_task_was_lost(sms_delivery: Delivery, sms_outbox: list) -> None:
    Delivery.objects.filter(pk=sms_delivery.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    assert services.retry_due_deliveries() == 1
    assert [s.text for s in sms_outbox] == ["【中国伊春】测试"]


def test_the_sweeper_requeues_a_delivery_stuck_in_sending(sms_delivery: Delivery, sms_outbox: list) -> None:
    Delivery.objects.filter(pk=sms_delivery.pk).update(status="sending", claimed_at=timezone.now() - timedelta(hours=1))
    services.retry_due_deliveries()
    assert Delivery.objects.get(pk=sms_delivery.pk).status == "sent"


def test_email_delivery_uses_django_mail(world: World) -> None:
    message = Message.objects.create(recipient=world.citizen, template_code="t", title="办结通知")
    delivery = Delivery.objects.create(
        message=message, channel="email", address="a@example.cn", subject="办结通知", text="已办结"
    )
    assert services.send_delivery(delivery_id=delivery.pk).status == "sent"
    assert [(m.subject, m.to, m.body) for m in mail.outbox] == [("办结通知", ["a@example.cn"], "已办结")]


def test_sms_to_a_user_whose_phone_was_removed_fails_with_a_reason(sms_delivery: Delivery) -> None:
    recipient = sms_delivery.message.recipient
    recipient.phone = ""
    recipient.save()
    result = services.send_delivery(delivery_id=sms_delivery.pk)
    assert result.status == "queued" and "手机号码" in result.last_error
