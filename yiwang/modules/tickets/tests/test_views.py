"""The citizen pages: 我要写信, 提交成功, 诉求查询, 我的诉求 — each with its access failure."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from yiwang.modules.tickets.models import Ticket
from yiwang.testing.personas import World

from .factories import PHONE, heating, submit

pytestmark = pytest.mark.django_db

SUBMIT, SUBMITTED, LOOKUP, MINE = (
    "/hudong/tickets/",
    "/hudong/tickets/submitted/",
    "/hudong/tickets/lookup/",
    "/hudong/tickets/mine/",
)


def _form(**overrides: Any) -> dict[str, Any]:
    data = {
        "excluded_matter": "",
        "channel": "mayor_mailbox",
        "kind": "complaint",
        "category": str(heating().pk),
        "title": "乌翠区新兴路路灯夜间不亮",
        "content": "乌翠区新兴路中段十余盏路灯已连续两周夜间不亮，行人出行不便，请尽快维修。",
        "address": "伊春市乌翠区新兴路",
        "latitude": "",
        "longitude": "",
        "wants_public": "yes",
        "contact_name": "张伟",
        "contact_phone": PHONE,
    }
    data.update(overrides)
    return data


def test_an_anonymous_visitor_cannot_submit_without_proving_the_phone(client: Client) -> None:
    assert client.get(SUBMIT).status_code == 200  # the SMS-code journey is in test_intake_guard
    response = client.post(SUBMIT, _form())
    assert response.status_code == 400 and "获取验证码" in response.content.decode()
    assert Ticket.objects.count() == 0


def test_a_citizen_submits_and_sees_the_query_code(world: World, login: Callable[[Any], Client]) -> None:
    client = login(world.citizen)
    assert client.get(SUBMIT).status_code == 200
    response = client.post(SUBMIT, _form())
    assert response.status_code == 302 and response["Location"] == SUBMITTED
    ticket = Ticket.objects.get()
    assert ticket.citizen == world.citizen and ticket.wants_public is True
    page = client.get(SUBMITTED)
    assert ticket.query_code in page.content.decode()


def test_the_success_page_shows_no_code_of_someone_elses_ticket(world: World, login: Callable[[Any], Client]) -> None:
    ticket = submit(citizen=world.citizen)
    client = login(world.enterprise)
    session = client.session
    session["tickets_submitted_id"] = ticket.pk
    session.save()
    page = client.get(SUBMITTED).content.decode()
    assert ticket.query_code not in page and "没有刚提交的诉求" in page


def test_bad_input_keeps_the_users_text_with_chinese_messages(world: World, login: Callable[[Any], Client]) -> None:
    client = login(world.citizen)
    content = "路灯坏了请修理一下谢谢大家了"
    response = client.post(SUBMIT, _form(title="路灯", content=content, contact_phone="8888"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "标题应为 10–25 个字" in html and "请填写正确的手机号码" in html
    assert content in html and 'value="8888"' in html
    assert Ticket.objects.count() == 0


def test_a_missing_answer_is_named_in_chinese(world: World, login: Callable[[Any], Client]) -> None:
    response = login(world.citizen).post(SUBMIT, _form(kind="", category=""))
    html = response.content.decode()
    assert "请选择诉求类型。" in html and "请选择诉求分类。" in html


def test_an_excluded_matter_shows_the_notice_keeps_the_text_and_stores_nothing(
    world: World, login: Callable[[Any], Client]
) -> None:
    response = login(world.citizen).post(SUBMIT, _form(excluded_matter="disclosure", title=""))
    html = response.content.decode()
    assert response.status_code == 200
    assert "该事项不能作为诉求受理" in html and "依申请公开" in html
    assert "乌翠区新兴路中段十余盏路灯" in html
    assert Ticket.objects.count() == 0


def test_lookup_by_code_and_phone_shows_the_status_without_personal_data(client: Client) -> None:
    ticket = submit()
    assert client.get(LOOKUP).status_code == 200
    html = client.post(LOOKUP, {"query_code": ticket.query_code, "phone": PHONE}).content.decode()
    assert "待审查" in html and ticket.query_code in html
    assert PHONE not in html and "139****1234" in html
    for personal in ("张伟", "朝阳小区", "室温长期低于"):
        assert personal not in html


def test_a_wrong_phone_or_code_gets_one_answer_for_both(client: Client) -> None:
    ticket = submit()
    wrong_phone = client.post(LOOKUP, {"query_code": ticket.query_code, "phone": "13900000000"}).content.decode()
    wrong_code = client.post(LOOKUP, {"query_code": "1234567890", "phone": PHONE}).content.decode()
    assert "没有找到与该查询码和联系电话相符的诉求" in wrong_phone
    assert "没有找到与该查询码和联系电话相符的诉求" in wrong_code
    assert "待审查" not in wrong_phone


def test_a_malformed_code_is_refused_with_its_text_kept(client: Client) -> None:
    response = client.post(LOOKUP, {"query_code": "12ab", "phone": PHONE})
    html = response.content.decode()
    assert response.status_code == 400 and "查询码为 10 位数字" in html and 'value="12ab"' in html


@override_settings(RATELIMIT_ENABLE=True)
def test_lookup_is_rate_limited_and_keeps_the_input(client: Client) -> None:
    cache.clear()
    ticket = submit()
    for _ in range(5):
        client.post(LOOKUP, {"query_code": ticket.query_code, "phone": "13900000000"})
    response = client.post(LOOKUP, {"query_code": ticket.query_code, "phone": PHONE})
    html = response.content.decode()
    assert response.status_code == 429 and "操作过于频繁" in html
    assert "待审查" not in html and ticket.query_code in html
    cache.clear()


def test_my_tickets_lists_own_tickets_only(world: World, login: Callable[[Any], Client]) -> None:
    mine = submit(citizen=world.citizen)
    other = submit(citizen=world.enterprise, title="金林区营商环境办事窗口排队过长")
    html = login(world.citizen).get(MINE).content.decode()
    assert mine.query_code in html and other.query_code not in html


def test_my_tickets_requires_sign_in(client: Client) -> None:
    response = client.get(MINE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_citizen_without_tickets_is_invited_to_write(world: World, login: Callable[[Any], Client]) -> None:
    assert "您还没有提交过诉求" in login(world.citizen).get(MINE).content.decode()
