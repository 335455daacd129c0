"""submit_ticket: validation, the 查询码, encryption of personal data, exclusions, audit."""

from __future__ import annotations

import re
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from yiwang.core.audit.models import AuditEntry
from yiwang.core.privacy.crypto import keyed_hash
from yiwang.modules.tickets import selectors, services
from yiwang.modules.tickets.exclusions import EXCLUSIONS
from yiwang.modules.tickets.models import Category, Ticket
from yiwang.testing.personas import World

from .factories import PHONE, heating, submit

pytestmark = pytest.mark.django_db


def test_the_seeded_category_tree_has_top_level_groups_with_children() -> None:
    heating_category = heating()
    assert heating_category.parent is not None and heating_category.parent.name == "城乡建设"
    assert heating_category.time_limit_days == 3
    assert Category.objects.filter(parent__isnull=True).count() >= 10
    assert Category.objects.get(code="1001").name == "森林防火"


def test_a_submitted_ticket_gets_a_ten_digit_query_code_and_waits_for_review(world: World) -> None:
    ticket = submit(citizen=world.citizen)
    assert re.fullmatch(r"\d{10}", ticket.query_code)
    assert ticket.status == Ticket.Status.SUBMITTED
    assert ticket.citizen == world.citizen
    assert Ticket.objects.get(pk=ticket.pk).query_code == ticket.query_code


def test_contact_phone_name_and_address_are_encrypted_at_rest_and_found_by_keyed_hash() -> None:
    ticket = submit(contact_phone="139 0458 1234")
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact_phone, contact_name, address FROM tickets_ticket WHERE id = %s", [ticket.pk])
        phone, name, address = cursor.fetchone()
    assert PHONE not in phone and "张伟" not in name and "朝阳" not in address
    stored = Ticket.objects.get(pk=ticket.pk)
    assert (stored.contact_phone, stored.contact_name) == (PHONE, "张伟")
    assert stored.contact_phone_hash == keyed_hash(PHONE, purpose="phone")


def test_a_colliding_query_code_is_drawn_again() -> None:
    first = submit()
    codes = iter([first.query_code, "0000000042"])
    with mock.patch.object(services, "new_query_code", side_effect=lambda: next(codes)):
        second = submit()
    assert second.query_code == "0000000042"
    assert Ticket.objects.count() == 2


def test_query_codes_keep_their_leading_zeros() -> None:
    with mock.patch.object(services.secrets, "randbelow", return_value=7):
        assert services.new_query_code() == "0000000007"


def test_bad_input_is_refused_with_chinese_messages_per_field_and_nothing_is_stored() -> None:
    with pytest.raises(ValidationError) as refused:
        submit(title="太短", content="长" * 601, contact_phone="12345", contact_name="", kind="", category=None)
    errors = refused.value.message_dict
    assert set(errors) >= {"title", "content", "contact_phone", "contact_name", "kind", "category"}
    assert "标题应为 10–25 个字" in errors["title"][0]
    assert "不能超过 600 个字" in errors["content"][0]
    assert "手机号码" in errors["contact_phone"][0]
    assert Ticket.objects.count() == 0


def test_the_title_is_ten_to_twenty_five_characters_and_the_content_at_most_six_hundred() -> None:
    with pytest.raises(ValidationError) as refused:
        submit(title="伊美区朝阳小区三号楼供暖温度长期不达标请督促供热公司整改")  # 28 characters
    assert "现为 28 个字" in refused.value.message_dict["title"][0]
    ticket = submit(title="乌翠区新兴路路灯夜间不亮", content="灯" * 600)  # 12 characters, 600 characters
    assert len(Ticket.objects.get(pk=ticket.pk).content) == 600


def test_a_deployment_may_set_its_own_title_and_content_limits(settings: Any) -> None:
    settings.YIWANG_TICKETS = {"LENGTHS": {"TITLE_MIN": 4, "CONTENT_MAX": 20}}
    assert submit(title="路灯不亮", content="新兴路路灯不亮").title == "路灯不亮"
    with pytest.raises(ValidationError) as refused:
        submit(content="新兴路中段十余盏路灯已连续两周夜间不亮请尽快维修")
    assert "不能超过 20 个字" in refused.value.message_dict["content"][0]


def test_an_inactive_category_is_refused() -> None:
    category = heating()
    category.active = False
    category.save()
    with pytest.raises(ValidationError) as refused:
        submit(category=category)
    assert "category" in refused.value.message_dict


def test_coordinates_must_be_given_together_and_in_range() -> None:
    with pytest.raises(ValidationError) as refused:
        submit(latitude="47.7275", longitude="")
    assert "latitude" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        submit(latitude="95", longitude="128.9")
    assert "纬度" in refused.value.message_dict["latitude"][0]
    ticket = submit(latitude="47.7275", longitude="128.8994")
    assert str(ticket.latitude) == "47.727500"


@pytest.mark.parametrize("exclusion", EXCLUSIONS, ids=lambda e: e.code)
def test_an_excluded_matter_creates_no_ticket_and_names_the_right_channel(exclusion) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(services.ExcludedMatter) as refused:
        submit(excluded_matter=exclusion.code)
    assert refused.value.exclusion == exclusion
    assert exclusion.channel and exclusion.reason
    assert Ticket.objects.count() == 0


def test_the_exclusion_notices_name_the_statutory_channels() -> None:
    channels = {exclusion.code: exclusion.channel for exclusion in EXCLUSIONS}
    assert "信访" in channels["petition"]
    assert "依申请公开" in channels["disclosure"]
    assert "行政复议" in channels["litigation"]
    assert "纪" in channels["discipline"]


def test_submission_is_audited_without_personal_data(world: World) -> None:
    ticket = submit(citizen=world.citizen, ip="10.0.0.8")
    entry = AuditEntry.objects.get(event="tickets.submit")
    assert entry.actor_id == world.citizen.pk and entry.object_id == str(ticket.pk)
    assert PHONE not in str(entry.detail) and "张伟" not in str(entry.detail)
    assert entry.detail["category"] == "0101"


def test_lookup_needs_both_the_code_and_the_phone() -> None:
    ticket = submit()
    assert selectors.get_ticket_for_lookup(query_code=ticket.query_code, phone="+86 139-0458-1234") == ticket
    assert selectors.get_ticket_for_lookup(query_code=ticket.query_code, phone="13900000000") is None
    assert selectors.get_ticket_for_lookup(query_code="1234567890", phone=PHONE) is None
    assert selectors.get_ticket_for_lookup(query_code="", phone="") is None


def test_my_tickets_lists_only_the_citizens_own_newest_first(world: World, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    older = submit(citizen=world.citizen, title="友好区公交站牌缺失请求增设")
    newer = submit(citizen=world.citizen)
    submit(citizen=world.enterprise)
    with django_assert_num_queries(1):
        rows = [(t.query_code, selectors.category_label(t.category)) for t in selectors.list_my_tickets(world.citizen)]
    assert [code for code, _ in rows] == [newer.query_code, older.query_code]
    assert rows[0][1] == "城乡建设 / 供热采暖"
