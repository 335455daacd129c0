"""One-time codes that prove a phone without an account (purpose verify): the code proves only the
number it was sent to, and is used up only by the action's own transaction."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from yiwang.core.accounts import services
from yiwang.core.accounts.models import OneTimeCode
from yiwang.testing.personas import World

from .conftest import code_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_verify_code_goes_to_a_registered_phone_too(sms_outbox: list[Any], world: World) -> None:
    services.set_phone(world.citizen, "13812340009")
    world.citizen.save()
    otc = services.request_code(channel="sms", address="13812340009", ip=None, purpose=OneTimeCode.Purpose.VERIFY)
    assert otc.purpose == "verify" and sms_outbox[0].phone == "13812340009"


def test_a_code_proves_only_its_own_number_and_purpose(sms_outbox: list[Any]) -> None:
    otc = services.request_code(channel="sms", address="13812340001", ip=None, purpose=OneTimeCode.Purpose.VERIFY)
    code = code_in(sms_outbox[0].text)
    with pytest.raises(services.CodeError, match="号码不符"):
        services.prove_address(
            code_id=otc.pk, code=code, channel="sms", address="13812340002", purpose="verify", ip=None
        )
    with pytest.raises(services.CodeError, match="号码不符"):
        services.prove_address(
            code_id=otc.pk, code=code, channel="sms", address="13812340001", purpose="register", ip=None
        )
    proved = services.prove_address(
        code_id=otc.pk, code=code, channel="sms", address="138 1234 0001", purpose="verify", ip=None
    )
    assert proved.pk == otc.pk


def test_a_code_is_used_up_only_when_the_action_commits(sms_outbox: list[Any]) -> None:
    otc = services.request_code(channel="sms", address="13812340003", ip=None, purpose=OneTimeCode.Purpose.VERIFY)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.use_code(code_id=otc.pk)
        raise RuntimeError("the action failed")
    otc.refresh_from_db()
    assert otc.used_at is None
    with transaction.atomic():
        services.use_code(code_id=otc.pk)
    with pytest.raises(services.CodeError, match="已使用"):
        services.use_code(code_id=otc.pk)
