"""An SMS to a bare phone number — someone without an account: written in the caller's transaction,
sent after the commit, logged with the number masked and kept encrypted."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, transaction

from yiwang.core.audit.models import AuditEntry
from yiwang.core.notifications import services
from yiwang.core.notifications.models import Delivery

pytestmark = pytest.mark.django_db

PHONE = "13904580001"


def test_an_sms_to_a_bare_phone_is_sent_after_commit_with_the_number_masked(
    sms_outbox: list[Any], reply_template: str, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.send_sms(phone=PHONE, template=reply_template, context={"number": "A7"})
        assert sms_outbox == []  # nothing leaves before the commit
    assert [(s.phone, s.text) for s in sms_outbox] == [(PHONE, "【中国伊春】您的留言A7已答复")]
    delivery = Delivery.objects.get()
    assert delivery.message is None and delivery.template_code == reply_template
    assert delivery.status == Delivery.Status.SENT and delivery.address == "139****0001"
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM notifications_delivery WHERE id = %s", [delivery.pk])
        assert PHONE not in cursor.fetchone()[0]  # encrypted at rest
    assert PHONE not in str(AuditEntry.objects.get(event="notifications.send_sms").detail)


def test_a_rolled_back_sms_is_never_sent(sms_outbox: list[Any], reply_template: str) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        services.send_sms(phone=PHONE, template=reply_template, context={"number": "A8"})
        raise RuntimeError("rollback")
    assert sms_outbox == [] and not Delivery.objects.exists()
