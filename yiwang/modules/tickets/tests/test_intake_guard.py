"""防滥用 on intake: the anonymous citizen proves the phone by SMS code; rate limits per address and
per phone; a captcha past a threshold; a sensitive word flags the ticket for review, never drops it;
the anonymous citizen is told by SMS (the 查询码, and the reply)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from captcha.models import CaptchaStore
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client, override_settings

from yiwang.core.accounts.models import OneTimeCode
from yiwang.core.audit.models import AuditEntry
from yiwang.core.notifications.gateways import LogSmsGateway, SentSms
from yiwang.core.notifications.models import Delivery
from yiwang.modules.tickets import services
from yiwang.modules.tickets.models import Ticket
from yiwang.modules.tickets.services import intake_guard, sensitive_words
from yiwang.testing.personas import World

from .factories import PHONE, heating, submit

pytestmark = pytest.mark.django_db

SUBMIT, SUBMITTED, LOOKUP = "/hudong/tickets/", "/hudong/tickets/submitted/", "/hudong/tickets/lookup/"
LIMITED = override_settings(RATELIMIT_ENABLE=True)


@pytest.fixture
def sms_outbox() -> Iterator[list[SentSms]]:
    LogSmsGateway.clear()
    yield LogSmsGateway.outbox
    LogSmsGateway.clear()


@pytest.fixture
def capture(django_capture_on_commit_callbacks: Any) -> Any:
    """Runs the after-commit work (the SMS deliveries) of the block it wraps."""
    return django_capture_on_commit_callbacks


@pytest.fixture
def fresh_limits() -> Iterator[None]:
    cache.clear()
    with LIMITED:
        yield
    cache.clear()


def code_in(text: str) -> str:
    match = re.search(r"\b(\d{6})\b", text)
    assert match, text
    return match.group(1)


def _form(**overrides: Any) -> dict[str, Any]:
    data = {
        "excluded_matter": "",
        "channel": "mayor_mailbox",
        "kind": "complaint",
        "category": str(heating().pk),
        "title": "乌翠区新兴路路灯夜间不亮",
        "content": "乌翠区新兴路中段十余盏路灯已连续两周夜间不亮，行人出行不便，请尽快维修。",
        "address": "伊春市乌翠区新兴路",
        "wants_public": "yes",
        "contact_name": "张伟",
        "contact_phone": PHONE,
        "action": "submit",
    }
    data.update(overrides)
    return data


def _get_code(client: Client, capture: Any, outbox: list[SentSms], **overrides: Any) -> str:
    with capture(execute=True):
        response = client.post(SUBMIT, _form(action="send_code", **overrides))
    assert response.status_code == 200, response.content.decode()[-3000:]
    assert outbox, "no SMS was sent"
    return code_in(outbox[-1].text)


def _captcha_answer(html: str) -> tuple[str, str]:
    key = re.search(r'name="captcha_0" value="([0-9a-f]+)"', html)
    assert key, "no captcha on the page"
    return key.group(1), CaptchaStore.objects.get(hashkey=key.group(1)).response


# --- services ----------------------------------------------------------------------------------


def test_a_phone_code_is_sent_by_sms_and_proves_that_phone_only(sms_outbox: list[SentSms], capture: Any) -> None:
    with capture(execute=True):
        otc = intake_guard.send_phone_code(phone=PHONE, ip="10.0.0.7")
    assert otc.purpose == OneTimeCode.Purpose.VERIFY and sms_outbox[0].phone == PHONE
    code = code_in(sms_outbox[0].text)
    with pytest.raises(ValidationError) as other_phone:
        intake_guard.submit_guarded_ticket(code_id=otc.pk, code=code, **_service_fields(contact_phone="13900001111"))
    assert "验证码与填写的号码不符" in str(other_phone.value)
    ticket = intake_guard.submit_guarded_ticket(code_id=otc.pk, code=code, **_service_fields())
    assert ticket.phone_verified and ticket.citizen is None
    with pytest.raises(ValidationError, match=r"验证码已使用|验证码无效"):
        intake_guard.submit_guarded_ticket(code_id=otc.pk, code=code, **_service_fields())
    assert Ticket.objects.count() == 1


def _service_fields(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "channel": Ticket.Channel.MAYOR_MAILBOX,
        "kind": Ticket.Kind.COMPLAINT,
        "category": heating(),
        "title": "伊美区朝阳小区供暖温度不达标",
        "content": "伊美区朝阳小区3号楼自11月起室温长期低于18度，请督促整改。",
        "contact_name": "张伟",
        "contact_phone": PHONE,
    }
    values.update(overrides)
    return values


def test_a_wrong_code_stores_nothing_and_is_counted(sms_outbox: list[SentSms], capture: Any) -> None:
    with capture(execute=True):
        otc = intake_guard.send_phone_code(phone=PHONE, ip=None)
    wrong = "000000" if code_in(sms_outbox[0].text) != "000000" else "111111"
    with pytest.raises(ValidationError, match="验证码不正确"):
        intake_guard.submit_guarded_ticket(code_id=otc.pk, code=wrong, **_service_fields())
    assert Ticket.objects.count() == 0
    otc.refresh_from_db()
    assert otc.attempts == 1 and otc.used_at is None


def test_a_ticket_refused_for_other_input_leaves_the_code_usable(sms_outbox: list[SentSms], capture: Any) -> None:
    with capture(execute=True):
        otc = intake_guard.send_phone_code(phone=PHONE, ip=None)
    code = code_in(sms_outbox[0].text)
    with pytest.raises(ValidationError, match="标题应为"):
        intake_guard.submit_guarded_ticket(code_id=otc.pk, code=code, **_service_fields(title="路灯"))
    otc.refresh_from_db()
    assert otc.used_at is None
    assert intake_guard.submit_guarded_ticket(code_id=otc.pk, code=code, **_service_fields()).phone_verified


def test_an_anonymous_ticket_without_a_code_is_refused() -> None:
    with pytest.raises(ValidationError, match="获取验证码"):
        intake_guard.submit_guarded_ticket(code_id=None, code="", **_service_fields())
    with pytest.raises(ValidationError, match="可接收短信的 11 位手机号码"):
        intake_guard.submit_guarded_ticket(code_id=None, code="", **_service_fields(contact_phone="0458-3601234"))
    assert Ticket.objects.count() == 0


def test_codes_to_one_phone_are_rate_limited(sms_outbox: list[SentSms], capture: Any) -> None:
    with capture(execute=True):
        intake_guard.send_phone_code(phone=PHONE, ip="10.0.0.8")
    with pytest.raises(services.TicketRefused, match="验证码发送过于频繁"):
        intake_guard.send_phone_code(phone=PHONE, ip="10.0.0.9")
    assert len(sms_outbox) == 1


def test_a_sensitive_word_flags_the_ticket_for_review_and_keeps_it() -> None:
    ticket = submit(content="小区供热公司拖欠维修，有人扬言要 炸 弹 报复，请尽快处理并调查。")
    assert Ticket.objects.filter(pk=ticket.pk).exists()
    assert ticket.needs_review and ticket.review_reason == "含敏感词：炸弹"
    assert AuditEntry.objects.get(event="tickets.submit", object_id=str(ticket.pk)).detail["needs_review"] is True
    assert not submit(title="伊美区朝阳小区供暖温度偏低").needs_review


@override_settings(YIWANG_TICKETS={"SENSITIVE_WORDS": ["违章建筑", "ＶＰＮ"]})
def test_the_sensitive_word_list_is_the_deployments() -> None:
    assert sensitive_words.find_sensitive_words("小区里有违章建筑", "翻墙 vpn") == ["违章建筑", "ＶＰＮ"]
    assert sensitive_words.find_sensitive_words("有人扬言要炸弹报复") == []


# --- SMS to the anonymous citizen ----------------------------------------------------------------


def test_the_anonymous_citizen_gets_the_query_code_and_the_reply_by_sms(
    sms_outbox: list[SentSms], capture: Any, staff: World
) -> None:
    with capture(execute=True):
        otc = intake_guard.send_phone_code(phone=PHONE, ip=None)
    with capture(execute=True):
        ticket = intake_guard.submit_guarded_ticket(
            code_id=otc.pk, code=code_in(sms_outbox[0].text), **_service_fields()
        )
    assert sms_outbox[-1].phone == PHONE and ticket.query_code in sms_outbox[-1].text
    delivery = Delivery.objects.get(template_code="tickets.acknowledged")
    assert delivery.message is None and delivery.status == Delivery.Status.SENT
    assert delivery.address == "139****1234" and PHONE not in str(AuditEntry.objects.values_list("detail"))

    world = staff
    with capture(execute=True):
        services.dispatch_ticket(ticket=ticket, agency=world.city_civil_affairs, actor=world.dispatcher)
        services.draft_reply(ticket=ticket, actor=world.city_clerk, content="已安排维修人员于本周内更换路灯。")
        services.approve_reply(ticket=ticket, actor=world.leader)
    replied = sms_outbox[-1]
    assert replied.phone == PHONE and "已由" in replied.text and ticket.query_code in replied.text


def test_a_ticket_with_an_unproved_phone_is_never_texted(sms_outbox: list[SentSms], capture: Any) -> None:
    with capture(execute=True):
        ticket = submit()  # e.g. a number typed by a third party: nobody proved it
        services.citizen_sms.notify_citizen(ticket=ticket, template="tickets.acknowledged", context={})
    assert sms_outbox == [] and not Delivery.objects.exists()


# --- the web form --------------------------------------------------------------------------------


def test_an_anonymous_citizen_submits_after_verifying_the_phone_by_code(
    client: Client, sms_outbox: list[SentSms], capture: Any
) -> None:
    page = client.get(SUBMIT)
    assert page.status_code == 200 and "获取验证码" in page.content.decode()
    code = _get_code(client, capture, sms_outbox)
    with capture(execute=True):
        response = client.post(SUBMIT, _form(phone_code=code))
    assert response.status_code == 302 and response["Location"] == SUBMITTED
    ticket = Ticket.objects.get()
    assert ticket.citizen is None and ticket.phone_verified
    html = client.get(SUBMITTED).content.decode()
    assert ticket.query_code in html and "139****1234" in html
    assert ticket.query_code in sms_outbox[-1].text
    found = client.post(LOOKUP, {"query_code": ticket.query_code, "phone": PHONE}).content.decode()
    assert "待审查" in found


def test_sending_the_code_keeps_everything_typed(client: Client, sms_outbox: list[SentSms], capture: Any) -> None:
    with capture(execute=True):
        html = client.post(SUBMIT, _form(action="send_code", title="路灯")).content.decode()
    assert "验证码已发送至 139****1234" in html
    assert 'value="路灯"' in html and "十余盏路灯已连续两周" in html
    assert "标题应为" not in html  # not judged yet: the citizen has not submitted


def test_a_wrong_code_keeps_the_input_with_a_clear_message(
    client: Client, sms_outbox: list[SentSms], capture: Any
) -> None:
    code = _get_code(client, capture, sms_outbox)
    wrong = "000000" if code != "000000" else "111111"
    response = client.post(SUBMIT, _form(phone_code=wrong))
    html = response.content.decode()
    assert response.status_code == 400 and "验证码不正确，还可尝试 4 次" in html
    assert "十余盏路灯已连续两周" in html and 'value="乌翠区新兴路路灯夜间不亮"' in html
    assert Ticket.objects.count() == 0


def test_a_code_for_another_number_is_refused(client: Client, sms_outbox: list[SentSms], capture: Any) -> None:
    code = _get_code(client, capture, sms_outbox)
    response = client.post(SUBMIT, _form(phone_code=code, contact_phone="13900002222"))
    assert response.status_code == 400 and "获取验证码" in response.content.decode()
    assert Ticket.objects.count() == 0


def test_a_signed_in_citizen_submits_without_a_code(world: World, login: Callable[[Any], Client]) -> None:
    client = login(world.citizen)
    assert "phone_code" not in client.get(SUBMIT).content.decode()
    assert client.post(SUBMIT, _form()).status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.citizen == world.citizen and not ticket.phone_verified  # typed, not proved


@override_settings(YIWANG_TICKETS={"VERIFY_SIGNED_IN_PHONE": True})
def test_a_deployment_can_ask_signed_in_citizens_to_prove_another_phone(
    world: World, login: Callable[[Any], Client]
) -> None:
    response = login(world.citizen).post(SUBMIT, _form())
    assert response.status_code == 400 and "获取验证码" in response.content.decode()
    assert Ticket.objects.count() == 0


def test_the_captcha_appears_after_the_threshold_and_a_correct_answer_passes(
    client: Client, sms_outbox: list[SentSms], capture: Any, fresh_limits: None
) -> None:
    for _ in range(3):  # three refused attempts (a title too short) from one address
        assert client.post(SUBMIT, _form(title="路灯")).status_code == 400
    html = client.get(SUBMIT).content.decode()
    assert "人机验证" in html and "算式" in html
    key, answer = _captcha_answer(html)
    code = _get_code(client, capture, sms_outbox, captcha_0=key, captcha_1=answer)
    html = client.post(SUBMIT, _form(phone_code=code, captcha_0="0" * 40, captcha_1="1")).content.decode()
    assert "人机验证的答案不正确" in html and "十余盏路灯已连续两周" in html
    key, answer = _captcha_answer(html)
    with capture(execute=True):
        response = client.post(SUBMIT, _form(phone_code=code, captcha_0=key, captcha_1=answer))
    assert response.status_code == 302 and Ticket.objects.count() == 1


def test_a_wrong_captcha_sends_no_code(client: Client, sms_outbox: list[SentSms], fresh_limits: None) -> None:
    for _ in range(3):
        client.post(SUBMIT, _form(title="路灯"))
    key, _answer = _captcha_answer(client.get(SUBMIT).content.decode())
    response = client.post(SUBMIT, _form(action="send_code", captcha_0=key, captcha_1="-1"))
    assert response.status_code == 400 and "人机验证的答案不正确" in response.content.decode()
    assert sms_outbox == []


def test_submissions_are_limited_per_phone_with_the_input_kept(
    world: World, login: Callable[[Any], Client], fresh_limits: None
) -> None:
    client = login(world.citizen)
    with override_settings(YIWANG_RATE_LIMITS={"tickets.captcha": "100/h", "tickets.submit": "100/h"}):
        for _ in range(5):
            assert client.post(SUBMIT, _form()).status_code == 302
        response = client.post(SUBMIT, _form(title="乌翠区新兴路第二处路灯不亮"))
    html = response.content.decode()
    assert response.status_code == 429 and "提交过于频繁（限制：每小时 5 次）" in html
    assert 'value="乌翠区新兴路第二处路灯不亮"' in html and Ticket.objects.count() == 5


def test_submissions_are_limited_per_address(world: World, login: Callable[[Any], Client], fresh_limits: None) -> None:
    client = login(world.citizen)
    rates = {"tickets.captcha": "100/h", "tickets.submit": "100/h", "tickets.submit_ip": "2/h"}
    with override_settings(YIWANG_RATE_LIMITS=rates):
        for i in range(2):
            assert client.post(SUBMIT, _form(contact_phone=f"1390000000{i}")).status_code == 302
        response = client.post(SUBMIT, _form(contact_phone="13900000009"))
    assert response.status_code == 429 and "每小时 2 次" in response.content.decode()
    assert Ticket.objects.count() == 2


def test_the_staff_list_filters_tickets_awaiting_review(staff: World, login: Callable[[Any], Client]) -> None:
    flagged = submit(content="有人扬言要炸弹报复供热公司，请尽快调查处理此事。")
    plain = submit(title="伊美区朝阳小区供暖温度偏低")
    client = login(staff.dispatcher)
    html = client.get("/staff/tickets/", {"needs_review": "on"}).content.decode()
    assert flagged.query_code in html and plain.query_code not in html and "待审核" in html
    assert "含敏感词：炸弹" in client.get(f"/staff/tickets/{flagged.pk}/").content.decode()
