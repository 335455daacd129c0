from __future__ import annotations

from datetime import time

import pytest
from django.core import mail
from django.db import transaction

from yiwang.core.audit.models import AuditEntry
from yiwang.core.notifications import services
from yiwang.core.notifications.models import Delivery, Message, NotificationPreference
from yiwang.testing.personas import World

pytestmark = pytest.mark.django_db


def _with_contacts(user, *, email: str = "zhang@example.cn", phone: str = "13800138000"):
    user.email = email
    user.phone = phone
    user.save()
    return user


def test_notify_writes_an_in_app_message_for_each_recipient(world: World, reply_template: str) -> None:
    services.notify(recipients=[world.citizen, world.enterprise], template=reply_template, context={"number": "LY001"})
    titles = sorted(Message.objects.values_list("recipient__username", "title"))
    assert titles == [("citizen", "您的留言 LY001 已答复"), ("enterprise", "您的留言 LY001 已答复")]
    body = Message.objects.get(recipient=world.citizen).body
    assert body.startswith("张伟，您好")


def test_email_and_sms_are_sent_only_after_commit(
    world: World, reply_template: str, sms_outbox: list, django_capture_on_commit_callbacks
) -> None:
    _with_contacts(world.citizen)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.notify(recipients=[world.citizen], template=reply_template, context={"number": "LY002"})
        # Inside the transaction: rows written, nothing sent yet.
        assert Delivery.objects.filter(status=Delivery.Status.QUEUED).count() == 2
        assert mail.outbox == [] and sms_outbox == []
    assert len(callbacks) == 1
    assert [m.subject for m in mail.outbox] == ["您的留言 LY002 已答复"]
    assert [(s.phone, s.text) for s in sms_outbox] == [("13800138000", "【中国伊春】您的留言LY002已答复")]
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_sends_nothing_and_leaves_no_message(
    world: World, reply_template: str, sms_outbox: list
) -> None:
    _with_contacts(world.citizen)

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        services.notify(recipients=[world.citizen], template=reply_template, context={"number": "LY003"})
        raise Boom
    assert Message.objects.count() == 0
    assert Delivery.objects.count() == 0
    assert mail.outbox == [] and sms_outbox == []


@pytest.mark.django_db(transaction=True)
def test_a_committed_notification_is_delivered_by_the_task(world: World, reply_template: str, sms_outbox: list) -> None:
    _with_contacts(world.citizen)
    with transaction.atomic():
        services.notify(recipients=[world.citizen], template=reply_template, context={"number": "LY004"})
    assert len(mail.outbox) == 1 and len(sms_outbox) == 1


def test_preferences_turn_email_and_sms_off_but_never_the_message_box(
    world: World, reply_template: str, django_capture_on_commit_callbacks
) -> None:
    _with_contacts(world.citizen)
    NotificationPreference.objects.create(user=world.citizen, email=False, sms=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(recipients=[world.citizen], template=reply_template, context={"number": "LY005"})
    assert Message.objects.filter(recipient=world.citizen).count() == 1
    assert Delivery.objects.count() == 0


def test_explicit_channels_override_preferences(
    world: World, reply_template: str, django_capture_on_commit_callbacks
) -> None:
    _with_contacts(world.citizen)
    NotificationPreference.objects.create(user=world.citizen, email=False, sms=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(recipients=[world.citizen], template=reply_template, context={"number": "X"}, channels=["sms"])
    assert list(Delivery.objects.values_list("channel", flat=True)) == ["sms"]


def test_sms_is_skipped_when_the_user_has_no_phone(
    world: World, reply_template: str, django_capture_on_commit_callbacks
) -> None:
    _with_contacts(world.citizen, phone="")
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(recipients=[world.citizen], template=reply_template, context={"number": "X"})
    assert list(Delivery.objects.values_list("channel", flat=True)) == ["email"]


def test_the_stored_sms_address_is_masked_not_the_phone_number(world: World, reply_template: str) -> None:
    _with_contacts(world.citizen)
    services.notify(recipients=[world.citizen], template=reply_template, context={"number": "X"}, channels=["sms"])
    assert Delivery.objects.get().address == "138****8000"


def test_quiet_hours_hold_the_sms_until_they_end(
    world: World, reply_template: str, sms_outbox: list, django_capture_on_commit_callbacks
) -> None:
    _with_contacts(world.citizen)
    # Quiet all day except one minute that has surely passed: whenever the test runs, it is quiet.
    NotificationPreference.objects.create(
        user=world.citizen, email=False, sms=True, quiet_start=time(0, 0), quiet_end=time(23, 59, 59)
    )
    preference = NotificationPreference.objects.get(user=world.citizen)
    from django.utils import timezone

    if services.in_quiet_hours(preference, timezone.now()) is None:
        pytest.skip("ran in the single non-quiet second")
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(recipients=[world.citizen], template=reply_template, context={"number": "X"})
    delivery = Delivery.objects.get(channel="sms")
    assert delivery.status == "queued" and delivery.next_attempt_at is not None
    assert sms_outbox == []


def test_quiet_hours_spanning_midnight() -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    pref = NotificationPreference(quiet_start=time(22, 0), quiet_end=time(7, 0))
    tz = ZoneInfo("Asia/Shanghai")
    late = datetime(2026, 3, 2, 23, 30, tzinfo=tz)
    assert services.in_quiet_hours(pref, late) == datetime(2026, 3, 3, 7, 0, tzinfo=tz)
    early = datetime(2026, 3, 3, 6, 0, tzinfo=tz)
    assert services.in_quiet_hours(pref, early) == datetime(2026, 3, 3, 7, 0, tzinfo=tz)
    assert services.in_quiet_hours(pref, datetime(2026, 3, 3, 12, 0, tzinfo=tz)) is None


def test_notify_is_audited_and_messages_are_found_by_object(world: World, reply_template: str) -> None:
    from yiwang.core.notifications.selectors import list_messages_about

    services.notify(
        recipients=[world.citizen],
        template=reply_template,
        context={"number": "X"},
        obj=world.city_office,
        actor=world.operator,
    )
    entry = AuditEntry.objects.get(event="notifications.notify")
    assert entry.detail["template"] == reply_template and entry.detail["recipients"] == 1
    assert entry.actor == world.operator
    assert [m.recipient for m in list_messages_about(world.city_office)] == [world.citizen]


def test_unknown_channel_is_refused(world: World, reply_template: str) -> None:
    with pytest.raises(ValueError):
        services.notify(recipients=[world.citizen], template=reply_template, context={}, channels=["fax"])


def test_mark_read_and_mark_all_read(world: World, reply_template: str) -> None:
    services.notify(recipients=[world.citizen], template=reply_template, context={"number": "1"})
    services.notify(recipients=[world.citizen], template=reply_template, context={"number": "2"})
    first = Message.objects.filter(recipient=world.citizen).first()
    services.mark_read(user=world.citizen, message=first)
    assert Message.objects.filter(recipient=world.citizen, read_at__isnull=True).count() == 1
    assert services.mark_all_read(user=world.citizen) == 1
    assert Message.objects.filter(recipient=world.citizen, read_at__isnull=True).count() == 0


def test_nobody_can_mark_someone_elses_message_read(world: World, reply_template: str) -> None:
    services.notify(recipients=[world.citizen], template=reply_template, context={"number": "1"})
    with pytest.raises(PermissionError):
        services.mark_read(user=world.enterprise, message=Message.objects.get())


def test_notify_costs_the_same_queries_for_many_recipients(world: World, reply_template: str) -> None:
    from yiwang.testing.factories import UserFactory

    few = [UserFactory(email=f"a{i}@example.cn") for i in range(2)]
    many = [UserFactory(email=f"b{i}@example.cn") for i in range(20)]
    services.notify(recipients=few, template=reply_template, context={"number": "warm"})  # warm caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        services.notify(recipients=few, template=reply_template, context={"number": "1"})
    with CaptureQueriesContext(connection) as large:
        services.notify(recipients=many, template=reply_template, context={"number": "2"})
    assert len(large) == len(small)
    assert Message.objects.filter(title="您的留言 2 已答复").count() == 20


def test_the_email_carries_a_full_link_to_the_object(world: World, reply_template: str, settings) -> None:
    settings.WAGTAILADMIN_BASE_URL = "https://www.yc.gov.cn"
    _with_contacts(world.citizen)
    services.notify(
        recipients=[world.citizen], template=reply_template, context={"number": "X", "url": "/hudong/LY-1/"}
    )
    delivery = Delivery.objects.get(channel="email")
    assert delivery.text.endswith("查看详情：https://www.yc.gov.cn/hudong/LY-1/")
    assert Message.objects.get().url == "/hudong/LY-1/"
