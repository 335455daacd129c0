"""Open311 GeoReport v2 (/api/tickets/open311/v2/): services from the 诉求分类 tree, service
definitions, POST with an API key through the one intake service, GET requests with the visibility
rule (public and unmasked only for the submitting app), tokens, mySociety's updates, spec errors."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

import pytest
from defusedxml import ElementTree as ET
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from yiwang.core.audit.models import AuditEntry
from yiwang.modules.tickets import services
from yiwang.modules.tickets.models import ApiKey, Category, ServiceRequest, Ticket
from yiwang.modules.tickets.services import open311, publication
from yiwang.testing.personas import World

from .factories import PHONE, heating, submit
from .open311_support import BASE, DESCRIPTION, grant_api_keys, new_key, published, replied, request_form

pytestmark = pytest.mark.django_db

W3C_CHINA = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$"


def _post(client: Client, form: dict[str, str], fmt: str = "json") -> Any:
    return client.post(f"{BASE}/requests.{fmt}", form)


def _errors(response: Any) -> list[str]:
    return [error["description"] for error in response.json()]


def test_the_service_list_has_one_service_per_active_leaf_category_grouped_by_its_top_level(client: Client) -> None:
    category = heating()
    parent = category.parent
    assert parent is not None
    Category.objects.create(code="0199", name="已停用的分类", parent=parent, active=False)
    services_json = client.get(f"{BASE}/services.json").json()
    codes = [s["service_code"] for s in services_json]
    assert category.code in codes and parent.code not in codes and "0199" not in codes
    heating_service = next(s for s in services_json if s["service_code"] == category.code)
    assert heating_service["group"] == parent.name and heating_service["metadata"] is True
    assert heating_service["type"] == "realtime" and heating_service["service_name"] == category.name
    assert client.get(f"{BASE}/services/{parent.code}.json").status_code == 404  # not a leaf

    response = client.get(f"{BASE}/services.xml")
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    root = ET.fromstring(response.content)
    assert root.tag == "services"
    xml_codes = [s.findtext("service_code") for s in root.findall("service")]
    assert xml_codes == codes


def test_a_service_definition_offers_the_kind_and_the_public_and_confidential_choices(client: Client) -> None:
    definition = client.get(f"{BASE}/services/{heating().code}.json").json()
    attributes = {a["code"]: a for a in definition["attributes"]}
    assert attributes["kind"]["datatype"] == "singlevaluelist"
    assert {v["key"] for v in attributes["kind"]["values"]} == set(Ticket.Kind.values)
    assert [v["key"] for v in attributes["public"]["values"]] == ["1", "0"]
    assert "confidential" in attributes and attributes["title"]["datatype"] == "string"

    root = ET.fromstring(client.get(f"{BASE}/services/{heating().code}.xml").content)
    assert root.tag == "service_definition" and root.findtext("service_code") == heating().code
    kind = next(a for a in root.iter("attribute") if a.findtext("code") == "kind")
    assert kind.findtext("variable") == "true" and kind.find("values/value/name") is not None


def test_an_unknown_service_or_format_answers_404_in_the_spec_error_format(client: Client) -> None:
    response = client.get(f"{BASE}/services/9999.xml")
    assert response.status_code == 404
    root = ET.fromstring(response.content)
    assert root.tag == "errors" and root.findtext("error/code") == "404"
    assert root.findtext("error/description").startswith("service_code：没有这项服务")
    assert client.get(f"{BASE}/services.html").status_code == 404


def test_a_third_party_app_posts_a_request_and_reads_it_back_by_id(client: Client, world: World) -> None:
    key = new_key(world)
    response = _post(client, request_form(key, **{"attribute[public]": "1"}))
    assert response.status_code == 201
    [answer] = response.json()
    ticket = Ticket.objects.get(query_code=answer["service_request_id"])
    assert len(ticket.query_code) == 10 and ticket.query_code in answer["service_notice"]
    assert ticket.channel == Ticket.Channel.API and ticket.kind == Ticket.Kind.HELP and ticket.wants_public
    assert ticket.contact_name == "张伟" and ticket.contact_phone == PHONE
    assert ticket.title == DESCRIPTION[:24] + "…" and ticket.content == DESCRIPTION
    assert ServiceRequest.objects.get(ticket=ticket).token == answer["token"]
    assert AuditEntry.objects.filter(event="tickets.submit", object_id=str(ticket.pk)).exists()

    [read] = client.get(f"{BASE}/requests/{ticket.query_code}.json", {"api_key": key}).json()
    assert read["service_request_id"] == ticket.query_code and read["status"] == "open"
    assert read["description"] == DESCRIPTION and read["address"] == "伊春市伊美区朝阳小区3号楼"
    assert read["lat"] == 47.726535 and read["service_code"] == heating().code
    assert "张伟" not in json.dumps(read, ensure_ascii=False) and PHONE not in json.dumps(read)


def test_a_post_takes_a_bounded_number_of_queries(client: Client, world: World) -> None:
    form = request_form(new_key(world))
    with CaptureQueriesContext(connection) as queries:
        assert _post(client, form).status_code == 201
    # key, service, ticket and its audit entry (with the query-code savepoint), the Open311 record,
    # last_used_at: a dozen at most, whatever the number of categories or keys
    assert len(queries) <= 12


def test_the_post_answers_in_xml_too(client: Client, world: World) -> None:
    response = _post(client, request_form(new_key(world)), fmt="xml")
    assert response.status_code == 201
    root = ET.fromstring(response.content)
    assert root.tag == "service_requests"
    assert Ticket.objects.filter(query_code=root.findtext("request/service_request_id")).exists()


def test_control_characters_in_a_text_do_not_break_the_xml(client: Client, world: World) -> None:
    key = new_key(world)
    [answer] = _post(client, request_form(key, description=DESCRIPTION[:10] + "\x0b\x08" + DESCRIPTION[10:])).json()
    response = client.get(f"{BASE}/requests/{answer['service_request_id']}.xml", {"api_key": key})
    assert ET.fromstring(response.content).findtext("request/description") == DESCRIPTION


def test_the_api_post_needs_no_csrf_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    assert _post(client, request_form(new_key(world))).status_code == 201


def test_a_post_carrying_a_signed_in_session_must_pass_the_csrf_check(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.citizen)
    response = _post(client, request_form(new_key(world)))
    assert response.status_code == 403 and "跨站校验" in _errors(response)[0]
    assert not Ticket.objects.exists()


def test_posting_needs_a_valid_api_key_and_stores_nothing_without_one(client: Client, world: World) -> None:
    key = new_key(world)
    missing = _post(client, request_form(""))
    assert missing.status_code == 400 and _errors(missing)[0].startswith("api_key：缺少接口密钥")
    wrong = _post(client, request_form("yw311_not-a-key"))
    assert wrong.status_code == 403 and "接口密钥无效" in _errors(wrong)[0]
    open311.revoke_api_key(api_key=ApiKey.objects.get(), actor=world.dispatcher)
    assert _post(client, request_form(key)).status_code == 403
    assert not Ticket.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "parameter", "message"),
    [
        ({"service_code": "9999"}, "service_code", "没有这项服务"),
        ({"lat": "147.5"}, "lat", "纬度应为 -90 到 90 之间的数字"),
        ({"long": "abc"}, "long", "经度应为 -180 到 180 之间的数字"),
        ({"description": ""}, "description", "请填写诉求描述"),
        ({"description": "路灯坏了"}, "description", "标题应为"),
        ({"lat": None, "long": None, "address_string": None}, "lat/long", "请提供事发位置"),
        ({"phone": "12345"}, "phone", "请填写正确的手机号码"),
        ({"first_name": "", "last_name": ""}, "first_name/last_name", "请填写联系人姓名"),
        ({"attribute[kind]": "x"}, "attribute[kind]", "请选择诉求类型"),
        ({"attribute[public]": "yes"}, "attribute[public]", "取值只能是 1"),
    ],
)
def test_bad_input_is_answered_with_open311_errors_in_chinese_first_and_nothing_is_stored(
    client: Client, world: World, overrides: dict[str, Any], parameter: str, message: str
) -> None:
    response = _post(client, request_form(new_key(world), **overrides))
    assert response.status_code == 400
    errors = response.json()
    assert all(error["code"] == 400 for error in errors)
    assert any(e["description"].startswith(f"{parameter}：{message}") for e in errors), errors
    assert not Ticket.objects.exists()


def test_anonymous_readers_see_only_published_tickets_masked(client: Client, staff: World) -> None:
    key = new_key(staff)
    public = published(staff, content="伊美区朝阳小区供暖不达标，请回电13904581234联系我，谢谢。")
    private = replied(staff, submit())
    confidential = replied(staff, submit(wants_public=True, confidential=True))
    not_yet_replied = submit(wants_public=True)
    [own_private] = _post(client, request_form(key)).json()

    listed = client.get(f"{BASE}/requests.json").json()
    assert [r["service_request_id"] for r in listed] == [public.query_code]
    [row] = listed
    assert "13904581234" not in row["description"] and "139****1234" in row["description"]
    assert row["address"] == "" and "张伟" not in json.dumps(row, ensure_ascii=False)
    assert row["lat"] is None or len(str(row["lat"]).split(".")[-1]) <= 3
    for hidden in (private, confidential, not_yet_replied):
        assert client.get(f"{BASE}/requests/{hidden.query_code}.json").status_code == 404
    assert client.get(f"{BASE}/requests/{own_private['service_request_id']}.json").status_code == 404

    # The submitting app sees its own private ticket as well; another app does not.
    mine = client.get(f"{BASE}/requests.json", {"api_key": key}).json()
    assert {r["service_request_id"] for r in mine} == {public.query_code, own_private["service_request_id"]}
    other = new_key(staff, name="另一个应用")
    theirs = client.get(f"{BASE}/requests.json", {"api_key": other}).json()
    assert [r["service_request_id"] for r in theirs] == [public.query_code]
    assert client.get(f"{BASE}/requests.json", {"api_key": "wrong"}).status_code == 403


def test_a_ticket_the_office_withheld_is_not_shown(client: Client, staff: World) -> None:
    ticket = published(staff)
    publication.withhold_publication(ticket=ticket, actor=staff.dispatcher, reason="涉及第三方隐私")
    assert client.get(f"{BASE}/requests/{ticket.query_code}.json").status_code == 404
    assert client.get(f"{BASE}/servicerequestupdates.json").json() == []


def test_requests_filter_by_id_status_service_and_dates(client: Client, staff: World) -> None:
    first, second = published(staff), published(staff)
    Ticket.objects.filter(pk=first.pk).update(status=Ticket.Status.HANDLING)  # handled again after a rating

    def ids(**params: str) -> list[str]:
        return [r["service_request_id"] for r in client.get(f"{BASE}/requests.json", params).json()]

    assert ids(service_request_id=f"{first.query_code},{second.query_code}") == [second.query_code, first.query_code]
    assert ids(status="closed") == [second.query_code] and ids(status="open") == [first.query_code]
    assert ids(service_code="9999") == [] and len(ids(service_code=heating().code)) == 2
    assert ids(start_date="2000-01-01T00:00:00+08:00", end_date="2000-02-01T00:00:00+08:00") == []
    assert len(ids(start_date=(timezone.now() - timedelta(days=1)).isoformat())) == 2
    bad = client.get(f"{BASE}/requests.json", {"start_date": "yesterday"})
    assert bad.status_code == 400 and _errors(bad)[0].startswith("start_date：")
    assert client.get(f"{BASE}/requests.json", {"status": "pending"}).status_code == 400


def test_dates_are_w3c_with_the_china_offset(client: Client, staff: World) -> None:
    published(staff)
    [row] = client.get(f"{BASE}/requests.json").json()
    assert re.match(W3C_CHINA, row["requested_datetime"]) and re.match(W3C_CHINA, row["updated_datetime"])
    assert re.match(W3C_CHINA, row["expected_datetime"])
    root = ET.fromstring(client.get(f"{BASE}/requests.xml").content)
    assert re.match(W3C_CHINA, root.findtext("request/requested_datetime") or "")


def test_a_token_answers_its_service_request_id(client: Client, world: World) -> None:
    [answer] = _post(client, request_form(new_key(world))).json()
    [row] = client.get(f"{BASE}/tokens/{answer['token']}.json").json()
    assert row == {"service_request_id": answer["service_request_id"], "token": answer["token"]}
    root = ET.fromstring(client.get(f"{BASE}/tokens/{answer['token']}.xml").content)
    assert root.findtext("request/service_request_id") == answer["service_request_id"]
    assert client.get(f"{BASE}/tokens/unknown.json").status_code == 404


def test_updates_list_the_dispatch_and_the_approved_reply(client: Client, staff: World) -> None:
    ticket = published(staff, reply="已修复，如仍有问题请致电13904581234。")
    since = (timezone.now() - timedelta(hours=1)).isoformat()
    updates = client.get(f"{BASE}/servicerequestupdates.json", {"start_date": since}).json()
    assert [(u["service_request_id"], u["status"]) for u in updates] == [
        (ticket.query_code, "in_progress"),
        (ticket.query_code, "closed"),
    ]
    assert staff.city_civil_affairs.full_name in updates[0]["description"]
    assert "139****1234" in updates[1]["description"] and "13904581234" not in updates[1]["description"]
    assert len({u["update_id"] for u in updates}) == 2 and re.match(W3C_CHINA, updates[1]["updated_datetime"])
    root = ET.fromstring(client.get(f"{BASE}/servicerequestupdates.xml", {"start_date": since}).content)
    assert root.tag == "service_request_updates" and len(root.findall("request_update")) == 2
    [row] = client.get(f"{BASE}/requests/{ticket.query_code}.json").json()
    assert row["status"] == "closed" and row["agency_responsible"] == staff.city_civil_affairs.full_name
    assert row["status_notes"] == "已修复，如仍有问题请致电139****1234。"


def test_the_submitting_app_follows_its_private_ticket_unmasked(client: Client, staff: World) -> None:
    key = new_key(staff)
    [answer] = _post(client, request_form(key, description=DESCRIPTION + "请回电13904581234。")).json()
    ticket = replied(staff, Ticket.objects.get(query_code=answer["service_request_id"]), reply="已修复。")
    updates = client.get(f"{BASE}/servicerequestupdates.json", {"api_key": key}).json()
    assert [u["status"] for u in updates] == ["in_progress", "closed"] and updates[1]["description"] == "已修复。"
    assert client.get(f"{BASE}/servicerequestupdates.json").json() == []
    [row] = client.get(f"{BASE}/requests/{ticket.query_code}.json", {"api_key": key}).json()
    assert "13904581234" in row["description"] and row["status_notes"] == "已修复。"


@override_settings(RATELIMIT_ENABLE=True)
def test_a_key_over_its_rate_is_answered_429_in_the_spec_format(client: Client, world: World) -> None:
    cache.clear()
    key = new_key(world, rate_limit="2/m")
    assert [_post(client, request_form(key)).status_code for _ in range(2)] == [201, 201]
    limited = _post(client, request_form(key))
    assert limited.status_code == 429 and "请求过于频繁" in _errors(limited)[0]
    assert Ticket.objects.count() == 2
    cache.clear()


@override_settings(RATELIMIT_ENABLE=True, YIWANG_TICKETS={"OPEN311": {"BAD_KEY_RATE": "2/h"}})
def test_an_address_guessing_keys_is_stopped_with_429(client: Client, world: World) -> None:
    cache.clear()
    key = new_key(world)
    assert [_post(client, request_form("yw311_guess")).status_code for _ in range(3)] == [403, 403, 429]
    limited = _post(client, request_form(key))
    assert limited.status_code == 429 and limited["Retry-After"] == "60"
    assert not Ticket.objects.exists()
    cache.clear()


def test_an_api_key_is_stored_only_as_a_hash_and_its_creation_and_revocation_are_audited(world: World) -> None:
    grant_api_keys(world)
    api_key, raw = open311.create_api_key(name="伊春掌上12345", actor=world.dispatcher)
    assert raw.startswith("yw311_") and len(raw) > 40
    stored = ApiKey.objects.get()
    assert raw not in {stored.key_hash, stored.prefix} and raw.startswith(stored.prefix)
    open311.revoke_api_key(api_key=api_key, actor=world.dispatcher)
    entries = AuditEntry.objects.filter(event__startswith="tickets.api_key", object_id=str(api_key.pk))
    events = list(entries.order_by("seq").values_list("event", flat=True))
    assert events == ["tickets.api_key_create", "tickets.api_key_revoke"]
    with pytest.raises(services.TicketRefused):
        open311.revoke_api_key(api_key=api_key, actor=world.dispatcher)


def test_only_holders_of_the_verb_create_keys(world: World) -> None:
    with pytest.raises(services.TicketRefused):
        open311.create_api_key(name="伊春掌上12345", actor=world.city_clerk)
    assert not ApiKey.objects.exists()
