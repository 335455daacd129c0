"""办件查询: the public lookup by 办件编号 and the last four digits of the applicant's ID number or
phone — one answer for a wrong number and wrong digits, rate-limited, the name masked, and nothing
else personal on the page."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from yiwang.modules.servicehall.selectors import progress
from yiwang.modules.servicehall.services import applications as services

from .applications_support import FORM, Hall, accept, hall_fixture, submit  # noqa: F401

pytestmark = pytest.mark.django_db

LOOKUP = "/services/progress/"
NOT_FOUND = "未找到与该办件编号和后 4 位相符的办件"


def test_the_last_four_of_the_id_number_or_the_phone_find_the_application(hall: Hall) -> None:
    application = submit(hall)
    assert progress.find_for_lookup(number=application.number, digits="0018") == application
    assert progress.find_for_lookup(number=application.number.lower(), digits="1234") == application
    assert progress.find_for_lookup(number=application.number, digits="9999") is None
    assert progress.find_for_lookup(number="BJ2026000000", digits="0018") is None
    assert progress.find_for_lookup(number=application.number, digits="18") is None


def test_the_owners_own_phone_on_the_account_also_answers(hall: Hall) -> None:
    citizen = hall.world.citizen
    citizen.phone = "13800005678"
    citizen.save(update_fields=["phone"])
    application = submit(hall, form_data={"name": "张伟"})
    assert progress.find_for_lookup(number=application.number, digits="5678") == application


def test_a_wrong_number_and_wrong_digits_get_the_same_answer(client: Client, hall: Hall) -> None:
    application = submit(hall)
    wrong_digits = client.post(LOOKUP, {"number": application.number, "digits": "9999"})
    wrong_number = client.post(LOOKUP, {"number": "XX0000000000", "digits": "0018"})
    for response in (wrong_digits, wrong_number):
        html = response.content.decode()
        assert response.status_code == 200 and NOT_FOUND in html
        assert hall.item.name not in html and application.get_status_display() not in html


def test_the_answer_shows_the_item_agency_masked_name_status_and_clocks_and_nothing_else_personal(
    client: Client, hall: Hall
) -> None:
    application = accept(hall, submit(hall))
    html = client.post(LOOKUP, {"number": application.number, "digits": "1234"}).content.decode()
    assert 'data-testid="progress-result"' in html
    assert hall.item.name in html and hall.world.city_civil_affairs.full_name in html
    assert '<dd data-testid="progress-applicant">张*</dd>' in html and "张伟" not in html
    assert "审查中" in html and "法定办结时限" in html and "承诺办结时限" in html
    assert "提交申请（接件）" in html and "受理" in html
    for personal in (FORM["id_number"], FORM["phone"], FORM["address"], "新兴路", "0018", hall.window.display_name):
        assert personal not in html
    assert 'value="1234"' not in html  # the digits typed are not echoed back


def test_while_a_special_procedure_runs_both_clocks_show_paused(client: Client, hall: Hall) -> None:
    world = hall.world
    application = accept(hall, submit(hall))
    services.start_special_procedure(
        application=application,
        actor=world.city_clerk,
        kind="expert",
        reason="组织专家评审消防方案",
        approver=world.leader,
    )
    rows = progress.clock_rows(application)
    assert [(row.label, row.paused) for row in rows] == [("法定办结时限", True), ("承诺办结时限", True)]
    html = client.post(LOOKUP, {"number": application.number, "digits": "0018"}).content.decode()
    assert html.count('data-testid="clock-paused"') == 2 and "特别程序（专家评审）开始" in html
    assert "组织专家评审消防方案" not in html  # the reason stays with the applicant's own page and the staff


def test_malformed_digits_are_refused_in_chinese_with_the_number_kept(client: Client, hall: Hall) -> None:
    response = client.post(LOOKUP, {"number": "YC2026-ABC", "digits": "12a"})
    html = response.content.decode()
    assert response.status_code == 400 and "请填写 4 位" in html
    assert 'value="YC2026-ABC"' in html and 'href="#id_digits"' in html


@override_settings(RATELIMIT_ENABLE=True)
def test_the_lookup_is_rate_limited_per_number_and_keeps_the_input(client: Client, hall: Hall) -> None:
    cache.clear()
    application = submit(hall)
    for _ in range(5):
        client.post(LOOKUP, {"number": application.number, "digits": "9999"})
    response = client.post(LOOKUP, {"number": application.number, "digits": "0018"})
    html = response.content.decode()
    assert response.status_code == 429 and "操作过于频繁" in html
    assert 'data-testid="progress-result"' not in html and application.number in html
    cache.clear()


@override_settings(RATELIMIT_ENABLE=True)
def test_the_lookup_is_rate_limited_per_address_across_numbers(client: Client, hall: Hall) -> None:
    cache.clear()
    for n in range(20):
        client.post(LOOKUP, {"number": f"XX{n:010d}", "digits": "0000"})
    response = client.post(LOOKUP, {"number": submit(hall).number, "digits": "0018"})
    assert response.status_code == 429 and 'data-testid="progress-result"' not in response.content.decode()
    cache.clear()
