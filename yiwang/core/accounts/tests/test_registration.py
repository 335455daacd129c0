from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from yiwang.core.accounts.models import OneTimeCode, User
from yiwang.core.audit.models import AuditEntry

from .conftest import code_in

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Lin#hai2026x"


def _valid_uscc() -> str:
    from stdnum.cn import uscc

    base = "91230700MA1B2C3D4"
    return base + uscc.calc_check_digit(base)


def test_citizen_registers_with_a_phone_code_and_can_log_in(client: Client, sms_outbox) -> None:
    response = client.post("/accounts/register/", {"address": "13812341234"})
    assert response.status_code == 302 and response.url == "/accounts/register/verify/"
    code = code_in(sms_outbox[0].text)
    response = client.post(
        "/accounts/register/verify/",
        {"code": code, "display_name": "王小明", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(display_name="王小明")
    assert user.kind == User.Kind.CITIZEN and user.phone == "13812341234" and user.password_changed_at
    assert OneTimeCode.objects.get().used_at is not None
    assert AuditEntry.objects.filter(event="accounts.register", actor_id=user.pk, result="success").exists()
    assert client.post("/accounts/login/", {"username": "13812341234", "password": PASSWORD}).status_code == 302


def test_citizen_registers_with_an_email_code(client: Client) -> None:
    client.post("/accounts/register/", {"address": "liming@example.com"})
    code = code_in(mail.outbox[-1].body)
    client.post(
        "/accounts/register/verify/",
        {"code": code, "display_name": "李明", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert User.objects.get(email="liming@example.com").display_name == "李明"


def test_wrong_code_keeps_the_users_input_and_creates_nothing(client: Client, sms_outbox) -> None:
    client.post("/accounts/register/", {"address": "13812341234"})
    code = code_in(sms_outbox[0].text)
    wrong = "000000" if code != "000000" else "111111"
    response = client.post(
        "/accounts/register/verify/",
        {"code": wrong, "display_name": "王小明", "password1": PASSWORD, "password2": PASSWORD},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "验证码不正确" in body and 'value="王小明"' in body
    assert not User.objects.filter(display_name="王小明").exists()


def test_weak_password_is_refused_before_the_code_is_spent(client: Client, sms_outbox) -> None:
    client.post("/accounts/register/", {"address": "13812341234"})
    code = code_in(sms_outbox[0].text)
    response = client.post(
        "/accounts/register/verify/", {"code": code, "display_name": "王小明", "password1": "abc", "password2": "abc"}
    )
    assert response.status_code == 200 and "密码" in response.content.decode()
    otc = OneTimeCode.objects.get()
    assert otc.used_at is None and otc.attempts == 0


def test_a_used_code_cannot_register_a_second_account(client: Client, sms_outbox) -> None:
    client.post("/accounts/register/", {"address": "13812341234"})
    code = code_in(sms_outbox[0].text)
    otc = OneTimeCode.objects.get()
    data = {"code": code, "display_name": "王小明", "password1": PASSWORD, "password2": PASSWORD}
    client.post("/accounts/register/verify/", data)
    from yiwang.core.accounts import services

    with pytest.raises(services.AccountError):
        services.register_citizen(code_id=otc.pk, code=code, display_name="张三", password=PASSWORD, ip=None)
    assert User.objects.filter(kind=User.Kind.CITIZEN).count() == 1


def test_registered_phone_cannot_request_another_registration(client: Client, sms_outbox) -> None:
    from yiwang.core.accounts.services import set_phone
    from yiwang.testing.factories import UserFactory

    user = UserFactory()
    set_phone(user, "13812341234")
    user.save()
    response = client.post("/accounts/register/", {"address": "13812341234"})
    assert "已注册" in response.content.decode()
    assert sms_outbox == []


def test_enterprise_registers_as_a_legal_person_with_its_credit_code(client: Client, sms_outbox) -> None:
    uscc = _valid_uscc()
    response = client.post("/accounts/register/enterprise/", {"address": "13612345678"})
    assert response.status_code == 302
    code = code_in(sms_outbox[0].text)
    response = client.post(
        "/accounts/register/verify/",
        {
            "code": code,
            "name": "伊春林都木业有限公司",
            "uscc": uscc.lower(),
            "legal_representative": "赵林",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(uscc=uscc)
    assert user.kind == User.Kind.ENTERPRISE and user.username == uscc and user.legal_representative == "赵林"
    assert user.phone == "13612345678"
    assert client.post("/accounts/login/", {"username": uscc, "password": PASSWORD}).status_code == 302


def test_enterprise_with_an_invalid_credit_code_is_refused_with_input_kept(client: Client, sms_outbox) -> None:
    client.post("/accounts/register/enterprise/", {"address": "13612345678"})
    code = code_in(sms_outbox[0].text)
    response = client.post(
        "/accounts/register/verify/",
        {
            "code": code,
            "name": "伊春林都木业有限公司",
            "uscc": "91230700MA1B2C3D40",
            "legal_representative": "赵林",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    body = response.content.decode()
    assert "统一社会信用代码无效" in body and 'value="伊春林都木业有限公司"' in body
    assert not User.objects.filter(kind=User.Kind.ENTERPRISE).exists()


def test_enterprise_registration_takes_a_phone_not_an_email(client: Client) -> None:
    response = client.post("/accounts/register/enterprise/", {"address": "boss@example.com"})
    assert response.status_code == 200 and "手机号码" in response.content.decode()


def test_registration_pages_render(client: Client) -> None:
    for url in ("/accounts/register/", "/accounts/register/enterprise/", "/accounts/login/"):
        assert client.get(url).status_code == 200
    assert client.get("/accounts/register/verify/").status_code == 302


def test_citizen_resets_a_forgotten_password_with_a_code(client: Client, sms_outbox) -> None:
    from yiwang.core.accounts.services import set_phone
    from yiwang.testing.factories import UserFactory

    user = UserFactory(username="liming")
    set_phone(user, "13812341234")
    user.save()
    assert client.post("/accounts/password/reset/", {"address": "13812341234"}).status_code == 302
    code = code_in(sms_outbox[0].text)
    response = client.post(
        "/accounts/password/reset/verify/", {"code": code, "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302 and response.url == "/accounts/login/"
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert AuditEntry.objects.filter(event="accounts.password_reset", actor_id=user.pk).exists()


def test_password_reset_for_an_unknown_phone_sends_nothing(client: Client, sms_outbox) -> None:
    response = client.post("/accounts/password/reset/", {"address": "13812341234"})
    assert response.status_code == 200 and "尚未注册" in response.content.decode()
    assert sms_outbox == []


def test_staff_cannot_reset_their_password_with_a_code(client: Client, sms_outbox) -> None:
    from yiwang.core.accounts.services import set_phone
    from yiwang.testing.factories import StaffFactory

    staff = StaffFactory(username="clerk1")
    set_phone(staff, "13812341234")
    staff.save()
    client.post("/accounts/password/reset/", {"address": "13812341234"})
    code = code_in(sms_outbox[0].text)
    response = client.post(
        "/accounts/password/reset/verify/", {"code": code, "password1": PASSWORD, "password2": PASSWORD}
    )
    assert "系统管理员" in response.content.decode()
    staff.refresh_from_db()
    assert not staff.check_password(PASSWORD)
