from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from yiwang.core.accounts import services
from yiwang.core.accounts.models import OneTimeCode
from yiwang.core.audit.models import AuditEntry

from .conftest import code_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_code_is_six_digits_sent_by_sms_after_commit_and_stored_only_as_a_hash(sms_outbox) -> None:
    otc = services.request_code(channel="sms", address="13812341234", ip="10.0.0.1")
    assert len(sms_outbox) == 1 and sms_outbox[0].phone == "13812341234"
    code = code_in(sms_outbox[0].text)
    assert code not in otc.code_hash and len(otc.code_hash) == 64
    assert (otc.expires_at - otc.created_at) == timedelta(minutes=10)
    assert services.check_code(code_id=otc.pk, code=code, ip=None).pk == otc.pk
    sent = AuditEntry.objects.get(event="accounts.code_sent")
    assert sent.ip == "10.0.0.1" and "13812341234" not in str(sent.detail)


def test_code_is_not_sent_when_the_transaction_rolls_back(sms_outbox) -> None:
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        services.request_code(channel="sms", address="13812341234", ip=None)
        raise RuntimeError("rollback")
    assert sms_outbox == []
    assert not OneTimeCode.objects.exists()


def test_code_by_email_uses_django_mail() -> None:
    services.request_code(channel="email", address="LiMing@Example.com", ip=None)
    assert mail.outbox[-1].to == ["liming@example.com"]
    assert code_in(mail.outbox[-1].body)


def test_expired_code_is_refused(sms_outbox) -> None:
    otc = services.request_code(channel="sms", address="13812341234", ip=None)
    code = code_in(sms_outbox[0].text)
    later = timezone.now() + timedelta(minutes=11)
    with mock.patch("django.utils.timezone.now", return_value=later), pytest.raises(services.CodeError, match="已过期"):
        services.check_code(code_id=otc.pk, code=code, ip=None)


def test_five_wrong_codes_exhaust_the_code_even_for_the_right_one(sms_outbox) -> None:
    otc = services.request_code(channel="sms", address="13812341234", ip=None)
    code = code_in(sms_outbox[0].text)
    wrong = "000000" if code != "000000" else "111111"
    for left in (4, 3, 2, 1):
        with pytest.raises(services.CodeError, match=f"还可尝试 {left} 次"):
            services.check_code(code_id=otc.pk, code=wrong, ip=None)
    with pytest.raises(services.CodeError, match="次数过多"):
        services.check_code(code_id=otc.pk, code=wrong, ip=None)
    otc.refresh_from_db()
    assert otc.attempts == 5
    with pytest.raises(services.CodeError, match="次数过多"):
        services.check_code(code_id=otc.pk, code=code, ip=None)


def test_second_code_within_a_minute_is_refused(sms_outbox) -> None:
    services.request_code(channel="sms", address="13812341234", ip=None)
    with pytest.raises(services.RateLimited, match="频繁"):
        services.request_code(channel="sms", address="138 1234 1234", ip=None)
    assert len(sms_outbox) == 1


def test_codes_per_address_per_hour_are_limited(sms_outbox) -> None:
    start = timezone.now()
    for i in range(5):
        with mock.patch("django.utils.timezone.now", return_value=start + timedelta(minutes=2 * i)):
            services.request_code(channel="sms", address="13812341234", ip=None)
    later = start + timedelta(minutes=12)
    with (
        mock.patch("django.utils.timezone.now", return_value=later),
        pytest.raises(services.RateLimited, match="一小时内"),
    ):
        services.request_code(channel="sms", address="13812341234", ip=None)


def test_codes_per_ip_per_hour_are_limited(settings, sms_outbox) -> None:
    settings.YIWANG_SECURITY = {**settings.YIWANG_SECURITY, "ONE_TIME_CODE_PER_IP_HOUR": 3}
    for i in range(3):
        services.request_code(channel="sms", address=f"1381234123{i}", ip="10.0.0.9")
    with pytest.raises(services.RateLimited, match="网络"):
        services.request_code(channel="sms", address="13812341239", ip="10.0.0.9")
    services.request_code(channel="sms", address="13812341239", ip="10.0.0.10")


def test_invalid_mobile_number_is_refused() -> None:
    with pytest.raises(services.AccountError, match="手机号码"):
        services.request_code(channel="sms", address="12345", ip=None)


def test_old_codes_are_purged_by_the_hourly_job(sms_outbox) -> None:
    from yiwang.core.jobs.periodic import get_job

    services.request_code(channel="sms", address="13812341234", ip=None)
    get_job("accounts.purge_old_codes").func()
    assert OneTimeCode.objects.count() == 1
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + timedelta(days=2)):
        get_job("accounts.purge_old_codes").func()
    assert not OneTimeCode.objects.exists()
    assert AuditEntry.objects.filter(event="accounts.codes_purged").count() == 1
