"""A third-party app's journey through Open311, with an Open311 client library (`georeport`) for the
reads and plain HTTP for what it lacks (POST, tokens, mySociety's updates, errors), against the live
server: discovery → services → a definition → POST with an API key → read back → token → the
agency's approved reply appears in servicerequestupdates; and the spec's errors in JSON and XML."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from defusedxml import ElementTree as ET
from georeport import GeoReport

from yiwang.modules.tickets import services
from yiwang.modules.tickets.models import Ticket
from yiwang.testing.personas import World

from .factories import heating
from .open311_support import BASE, DESCRIPTION, new_key, request_form

pytestmark = pytest.mark.django_db(transaction=True)

REPLY = "经核查，朝阳小区3号楼门前路灯线路老化，已于12月6日更换，恢复照明。"
TIMEOUT = 30


def _endpoint(live_server: Any) -> str:
    discovery = requests.get(f"{live_server.url}{BASE}/discovery.json", timeout=TIMEOUT).json()
    [endpoint] = discovery["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert "application/json" in endpoint["formats"] and "text/xml" in endpoint["formats"]
    return str(endpoint["url"])


def test_a_third_party_app_submits_a_request_and_follows_it_to_the_agencys_reply(
    live_server: Any, staff: World
) -> None:
    category = heating()
    assert category.parent is not None
    endpoint = _endpoint(live_server)
    key = new_key(staff)

    for fmt in ("json", "xml"):
        client = GeoReport(endpoint, output_format=fmt)
        listed = client.get_service_list()
        # xmltodict (under the client's XML mode) gives one <service> as a dict, several as a list.
        offered = listed if isinstance(listed, list) else [listed]
        service = next(s for s in offered if s["service_code"] == category.code)
        assert service["group"] == category.parent.name and str(service["metadata"]).lower() == "true"
        definition = client.get_service_definition(category.code)
        attributes = definition["attributes"] if fmt == "json" else definition["attributes"]["attribute"]
        assert {a["code"] for a in attributes} >= {"kind", "public", "confidential"}

    posted = requests.post(
        f"{endpoint}/requests.json", data=request_form(key, **{"attribute[public]": "1"}), timeout=TIMEOUT
    )
    assert posted.status_code == 201
    [answer] = posted.json()
    code, token = answer["service_request_id"], answer["token"]
    assert len(code) == 10 and code.isdigit()

    # Before its reply is published the ticket is the app's alone: it reads it with its key.
    assert GeoReport(endpoint).get_service_requests(service_request_id=code) == []
    [read] = requests.get(f"{endpoint}/requests/{code}.json", params={"api_key": key}, timeout=TIMEOUT).json()
    assert read["status"] == "open" and read["description"] == DESCRIPTION
    own = ET.fromstring(
        requests.get(f"{endpoint}/requests/{code}.xml", params={"api_key": key}, timeout=TIMEOUT).content
    )
    assert own.findtext("request/service_request_id") == code and own.findtext("request/service_code") == category.code
    assert requests.get(f"{endpoint}/tokens/{token}.json", timeout=TIMEOUT).json() == [
        {"service_request_id": code, "token": token}
    ]

    ticket = Ticket.objects.get(query_code=code)
    ticket = services.dispatch_ticket(ticket=ticket, agency=staff.city_civil_affairs, actor=staff.dispatcher)
    ticket = services.draft_reply(ticket=ticket, actor=staff.city_clerk, content=REPLY)
    services.approve_reply(ticket=ticket, actor=staff.leader)

    updates = requests.get(
        f"{endpoint}/servicerequestupdates.xml", params={"start_date": ticket.created_at.isoformat()}, timeout=TIMEOUT
    )
    assert updates.headers["Content-Type"] == "text/xml; charset=utf-8"
    root = ET.fromstring(updates.content)
    mine = [u for u in root.findall("request_update") if u.findtext("service_request_id") == code]
    assert [u.findtext("status") for u in mine] == ["in_progress", "closed"]
    assert mine[-1].findtext("description") == REPLY and mine[-1].findtext("updated_datetime").endswith("+08:00")
    # Replied with the citizen's consent: published, so any reader sees it, masked.
    for fmt in ("json", "xml"):
        public = GeoReport(endpoint, output_format=fmt).get_service_request(code)
        assert public["service_request_id"] == code and public["status"] == "closed"
        assert public["status_notes"] == REPLY and public["agency_responsible"] == staff.city_civil_affairs.full_name
    closed = GeoReport(endpoint).get_service_requests(service_request_id=code, status="closed")
    assert [r["service_request_id"] for r in closed] == [code]


def _json_errors(response: requests.Response) -> list[str]:
    return [error["description"] for error in response.json()]


def _xml_errors(response: requests.Response) -> list[tuple[str, str]]:
    root = ET.fromstring(response.content)
    assert root.tag == "errors"
    return [(e.findtext("code") or "", e.findtext("description") or "") for e in root.findall("error")]


def test_a_third_party_app_gets_the_spec_errors_for_a_bad_post(live_server: Any, staff: World) -> None:
    endpoint = _endpoint(live_server)
    key = new_key(staff)
    cases = [
        (request_form(""), 400, "api_key：缺少接口密钥"),
        (request_form("yw311_wrong"), 403, "api_key：接口密钥无效"),
        (request_form(key, service_code="9999"), 400, "service_code：没有这项服务"),
        (request_form(key, lat="91"), 400, "lat：纬度应为"),
        (request_form(key, description=""), 400, "description：请填写诉求描述"),
    ]
    for form, status, message in cases:
        as_json = requests.post(f"{endpoint}/requests.json", data=form, timeout=TIMEOUT)
        assert as_json.status_code == status
        assert any(d.startswith(message) for d in _json_errors(as_json)), _json_errors(as_json)
        as_xml = requests.post(f"{endpoint}/requests.xml", data=form, timeout=TIMEOUT)
        assert as_xml.status_code == status
        assert any(c == str(status) and d.startswith(message) for c, d in _xml_errors(as_xml))
    assert not Ticket.objects.exists()
