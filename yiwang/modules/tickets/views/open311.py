"""The Open311 GeoReport v2 API of 诉求 (/api/tickets/open311/v2/, django-ninja), with mySociety's
`servicerequestupdates` extension: third-party apps list the services (the 诉求分类 tree), read their
definitions, submit service requests with an API key and follow them.

Every method answers in JSON or XML (`.json` / `.xml`, UTF-8, W3C dates with +08:00). Errors follow
the spec — `<errors><error><code>…</code><description>…</description></error></errors>` or its JSON
list — with the HTTP status as the code and the description in Chinese first, then English.
POST requests authenticates by `api_key` (no cookie, so no CSRF token — unless the POST carries a
signed-in session, which must then pass the CSRF check); POST servicerequestupdates
(the back office pushing updates, in mySociety's extension) is not offered: updates come from the
agencies' own work on the platform. Which tickets a caller sees: `selectors.open311`.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from ninja import Router
from ninja.utils import check_csrf

from yiwang.core.security.policy import access_policy
from yiwang.core.web import ratelimit
from yiwang.core.web.http import client_ip

from .. import services
from ..models import Ticket
from ..models.open311 import ApiKey
from ..selectors import open311 as selectors
from ..services import open311 as open311_services

router = Router(tags=["tickets 诉求 Open311 GeoReport v2"])

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-12-07T00:00:00+08:00"  # the date this API's behaviour last changed
FORMATS = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
FMT = {"fmt": "json"}  # the matrix's value for the format suffix
# The intake's field names as Open311 parameters, for error descriptions.
PARAMETERS = {
    "channel": "service_code",
    "category": "service_code",
    "kind": "attribute[kind]",
    "title": "attribute[title]",
    "content": "description",
    "address": "address_string",
    "contact_name": "first_name/last_name",
    "contact_phone": "phone",
    "latitude": "lat",
    "longitude": "long",
}
# XML children of a list, by the list's element name.
ITEM_TAGS = {"attributes": "attribute", "values": "value", "endpoints": "endpoint", "formats": "format"}
BOOLEAN_ATTRIBUTES = {"1": "是", "0": "否"}
# Control characters XML 1.0 cannot carry (a pasted text may hold them); dropped from XML answers.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class Open311Error(Exception):
    """An answer in the spec's error format; `errors` are (parameter or "", Chinese, English)."""

    def __init__(self, status: int, errors: Iterable[tuple[str, str, str]]) -> None:
        super().__init__(status)
        self.status = status
        self.errors = list(errors)


# --- rendering ---------------------------------------------------------------------------------


def w3c(moment: datetime | None) -> str:
    """A W3C date-time in the deployment's time zone, e.g. 2026-12-07T09:30:00+08:00; "" for none."""
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else ""


def _xml_value(parent: ET.Element, tag: str, value: Any) -> None:
    element = ET.SubElement(parent, tag)
    if isinstance(value, list):
        for item in value:
            _xml_value(element, ITEM_TAGS.get(tag, "item"), item)
    elif isinstance(value, dict):
        for key, inner in value.items():
            _xml_value(element, key, inner)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = NOT_XML.sub("", str(value))


def render(
    fmt: str, root: str, item: str, rows: list[dict[str, Any]] | dict[str, Any], status: int = 200
) -> HttpResponse:
    """`rows` as a JSON list (or object) or as XML: <root><item>…</item>…</root> (or <root>…</root>)."""
    if fmt == "xml":
        element = ET.Element(root)
        if isinstance(rows, dict):
            for key, value in rows.items():
                _xml_value(element, key, value)
        else:
            for row in rows:
                _xml_value(element, item, row)
        body = ET.tostring(element, encoding="utf-8", xml_declaration=True)
    else:
        body = json.dumps(rows, ensure_ascii=False).encode()
    return HttpResponse(body, status=status, content_type=FORMATS.get(fmt, FORMATS["json"]))


def error_response(fmt: str, error: Open311Error) -> HttpResponse:
    rows = []
    for parameter, chinese, english in error.errors:
        prefix = f"{parameter}：" if parameter else ""
        rows.append({"code": error.status, "description": f"{prefix}{chinese} ({english})"})
    response = render(fmt if fmt in FORMATS else "json", "errors", "error", rows, status=error.status)
    if error.status == 429:
        response["Retry-After"] = "60"
    return response


def _answer(fmt: str, build: Any) -> HttpResponse:
    """Run `build()` for a known format and turn an `Open311Error` into the spec's error answer."""
    try:
        if fmt not in FORMATS:
            raise Open311Error(404, [("", "不支持的格式，请使用 .json 或 .xml。", "format must be json or xml")])
        return build()  # type: ignore[no-any-return]
    except Open311Error as error:
        return error_response(fmt, error)


# --- input -------------------------------------------------------------------------------------


def _limit(request: HttpRequest, *, group: str, rate: str, key: str = "ip", increment: bool = True) -> None:
    if ratelimit.check(request, group=group, rate=rate, key=key, increment=increment):
        effective = ratelimit.configured_rate(group, rate)
        raise Open311Error(
            429, [("", f"请求过于频繁，请稍后再试（限制：{ratelimit.describe(effective)}）。", "too many requests")]
        )


def _read_key(request: HttpRequest, raw: str) -> ApiKey | None:
    """The caller's key for a read (optional there): None without one; a wrong one is refused."""
    settings = open311_services.open311_settings()
    _limit(request, group="tickets.open311_read", rate=settings["IP_RATE"])
    if not raw:
        return None
    _limit(request, group="tickets.open311_bad_key", rate=settings["BAD_KEY_RATE"], increment=False)
    api_key = selectors.get_active_api_key(raw)
    if api_key is None:
        _limit(request, group="tickets.open311_bad_key", rate=settings["BAD_KEY_RATE"])
        raise Open311Error(403, [("api_key", "接口密钥无效或已停用。", "invalid api_key")])
    return api_key


def _date(request: HttpRequest, name: str) -> datetime | None:
    value = (request.GET.get(name) or "").strip()
    if not value:
        return None
    moment = parse_datetime(value.replace(" ", "+"))  # a bare "+" in a query string arrives as a space
    if moment is None:
        raise Open311Error(400, [(name, "日期时间格式应为 W3C 格式，如 2026-12-01T00:00:00+08:00。", "invalid date")])
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _list(request: HttpRequest, name: str) -> list[str]:
    return [part.strip() for part in (request.GET.get(name) or "").split(",") if part.strip()]


def _attributes(request: HttpRequest) -> dict[str, str]:
    """`attribute[code]=value` fields of a POST."""
    return {
        key[len("attribute[") : -1]: str(value).strip()
        for key, value in request.POST.items()
        if key.startswith("attribute[") and key.endswith("]")
    }


# --- serialising -------------------------------------------------------------------------------


def _service(service: selectors.Service) -> dict[str, Any]:
    category = service.category
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": f"{service.group} / {category.name}" if service.group != category.name else category.name,
        "metadata": True,
        "type": "realtime",
        "keywords": "",
        "group": service.group,
    }


def _definition(service: selectors.Service) -> dict[str, Any]:
    kinds = [{"key": value, "name": label} for value, label in Ticket.Kind.choices]
    limits = services.length_limits()
    return {
        "service_code": service.category.code,
        "attributes": [
            {
                "variable": True,
                "code": "kind",
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": "诉求类型；不填时按“"
                + Ticket.Kind(open311_services.open311_settings()["DEFAULT_KIND"]).label
                + "”受理",
                "order": 1,
                "description": "诉求类型",
                "values": kinds,
            },
            {
                "variable": True,
                "code": "title",
                "datatype": "string",
                "required": False,
                "datatype_description": f"{limits['TITLE_MIN']}–{limits['TITLE_MAX']} 个字；不填时取诉求描述的开头",
                "order": 2,
                "description": "标题",
            },
            {
                "variable": True,
                "code": "public",
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": "是否同意在政民互动栏目公开（个人信息脱敏）；默认不公开",
                "order": 3,
                "description": "同意公开",
                "values": [{"key": key, "name": name} for key, name in BOOLEAN_ATTRIBUTES.items()],
            },
            {
                "variable": True,
                "code": "confidential",
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": "是否要求对来信人信息保密；默认否",
                "order": 4,
                "description": "要求保密",
                "values": [{"key": key, "name": name} for key, name in BOOLEAN_ATTRIBUTES.items()],
            },
        ],
    }


def _request(ticket: Ticket, api_key: ApiKey | None) -> dict[str, Any]:
    """One service request. Never the contact data; for others than the submitting app, the
    publication's masked text, no address and the map point rounded (selectors.open311)."""
    own = selectors.is_own(ticket, api_key)
    description, reply = selectors.public_texts(ticket, api_key)
    closed = selectors.open311_status(ticket) == "closed"
    latitude = selectors.rounded(ticket.latitude, own=own)
    longitude = selectors.rounded(ticket.longitude, own=own)
    return {
        "service_request_id": ticket.query_code,
        "status": selectors.open311_status(ticket),
        "status_notes": reply if closed else ticket.get_status_display(),
        "service_name": ticket.category.name,
        "service_code": ticket.category.code,
        "description": description,
        "agency_responsible": ticket.agency.full_name if ticket.agency else "",
        "service_notice": "",
        "requested_datetime": w3c(ticket.created_at),
        "updated_datetime": w3c(selectors.updated_at(ticket)),
        "expected_datetime": w3c(ticket.due_at),
        "address": ticket.address if own else "",
        "address_id": "",
        "zipcode": "",
        "lat": float(latitude) if latitude is not None else None,
        "long": float(longitude) if longitude is not None else None,
        "media_url": "",
    }


# --- the methods -------------------------------------------------------------------------------


@router.get("open311/v2/discovery.{fmt}", url_name="open311_discovery", summary="Service discovery")
@access_policy(audience="public", kwargs=FMT)
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    """Where the endpoint is and what it speaks."""

    def build() -> HttpResponse:
        base = request.build_absolute_uri(reverse("api:open311_services", kwargs={"fmt": "json"}))
        document = {
            "changeset": CHANGESET,
            "contact": "伊春市12345政务服务便民热线办公室（接口密钥向热线办公室申请）",
            "key_service": "接口密钥由12345热线办公室在工作台“Open311 接口密钥”中创建",
            "endpoints": [
                {
                    "specification": SPECIFICATION,
                    "url": base.rsplit("/services.json", 1)[0],
                    "changeset": CHANGESET,
                    "type": "production",
                    "formats": ["application/json", "text/xml"],
                }
            ],
        }
        return render(fmt, "discovery", "", document)

    return _answer(fmt, build)


@router.get("open311/v2/services.{fmt}", url_name="open311_services", summary="GET Service List")
@access_policy(audience="public", kwargs=FMT)
def service_list(request: HttpRequest, fmt: str) -> HttpResponse:
    """The services: one per active leaf category; `group` is the top-level category."""

    def build() -> HttpResponse:
        _read_key(request, "")
        return render(fmt, "services", "service", [_service(s) for s in selectors.list_services()])

    return _answer(fmt, build)


@router.get("open311/v2/services/{service_code}.{fmt}", url_name="open311_service", summary="GET Service Definition")
@access_policy(audience="public", kwargs={"service_code": "0101", **FMT})
def service_definition(request: HttpRequest, service_code: str, fmt: str) -> HttpResponse:
    """The attributes a request for this service may carry (诉求类型, 标题, 公开, 保密)."""

    def build() -> HttpResponse:
        _read_key(request, "")
        service = selectors.get_service(service_code)
        if service is None:
            raise Open311Error(404, [("service_code", "没有这项服务。", "service_code not found")])
        return render(fmt, "service_definition", "", _definition(service))

    return _answer(fmt, build)


@router.get("open311/v2/requests.{fmt}", url_name="open311_requests", summary="GET Service Requests")
@access_policy(audience="public", kwargs=FMT)
def request_list(request: HttpRequest, fmt: str) -> HttpResponse:
    """Requests by `service_request_id` (comma list), or by `service_code`, `start_date`, `end_date`
    (at most 90 days apart) and `status` (open, closed). With `api_key`: the app's own too."""

    def build() -> HttpResponse:
        api_key = _read_key(request, request.GET.get("api_key", ""))
        start, end = _date(request, "start_date"), _date(request, "end_date")
        if start and end and (end < start or end - start > selectors.DEFAULT_WINDOW):
            raise Open311Error(400, [("end_date", "起止时间应在 90 天以内且结束不早于开始。", "date range")])
        statuses = _list(request, "status")
        if any(status not in ("open", "closed") for status in statuses):
            raise Open311Error(400, [("status", "状态只能是 open 或 closed。", "status must be open or closed")])
        tickets = selectors.list_requests(
            api_key=api_key,
            service_request_ids=_list(request, "service_request_id"),
            service_codes=_list(request, "service_code"),
            start=start if start else (end - selectors.DEFAULT_WINDOW if end else None),
            end=end if end else (start + selectors.DEFAULT_WINDOW if start else None),
            statuses=statuses,
            now=timezone.now(),
        )
        return render(fmt, "service_requests", "request", [_request(t, api_key) for t in tickets])

    return _answer(fmt, build)


@router.post("open311/v2/requests.{fmt}", url_name="open311_create", summary="POST Service Request")
@access_policy(audience="public", methods=("POST",), kwargs=FMT, note="the api_key is checked by the view")
def create_request(request: HttpRequest, fmt: str) -> HttpResponse:
    """Submit a request (form-encoded): `api_key`, `service_code`, `lat`+`long` or `address_string`,
    `description`, `first_name`, `last_name`, `phone`, `attribute[kind|title|public|confidential]`.
    The answer carries the ticket's 10-digit 查询码 as `service_request_id` at once, and a token."""

    # An app authenticates by its key alone, so the API needs no CSRF token; but a POST that carries
    # a signed-in session (a browser, perhaps led by another site's form) must pass the CSRF check.
    if getattr(request, "user", None) is not None and request.user.is_authenticated and check_csrf(request):
        return error_response(fmt, Open311Error(403, [("", "请求未通过跨站校验（CSRF）。", "CSRF check failed")]))

    def build() -> HttpResponse:
        settings = open311_services.open311_settings()
        _limit(request, group="tickets.open311_bad_key", rate=settings["BAD_KEY_RATE"], increment=False)
        raw = (request.POST.get("api_key") or "").strip()
        api_key = selectors.get_active_api_key(raw)
        if api_key is None:
            _limit(request, group="tickets.open311_bad_key", rate=settings["BAD_KEY_RATE"])
            if not raw:
                raise Open311Error(400, [("api_key", "缺少接口密钥。", "api_key was not provided")])
            raise Open311Error(403, [("api_key", "接口密钥无效或已停用。", "invalid api_key")])
        _limit(
            request, group="tickets.open311_key", rate=api_key.rate_limit or settings["KEY_RATE"], key="post:api_key"
        )
        record = _submit(request, api_key)
        open311_services.note_api_key_use(api_key)
        row = {
            "service_request_id": record.ticket.query_code,
            "token": record.token,
            "service_notice": f"已受理，查询码 {record.ticket.query_code}；办理时限一般为 5 个工作日。",
            "account_id": "",
        }
        return render(fmt, "service_requests", "request", [row], status=201)

    return _answer(fmt, build)


def _submit(request: HttpRequest, api_key: ApiKey) -> Any:
    post = request.POST
    errors: list[tuple[str, str, str]] = []
    service = selectors.get_service((post.get("service_code") or "").strip())
    if service is None:
        errors.append(("service_code", "没有这项服务，请先读取服务列表。", "service_code not found"))
    latitude, longitude = (post.get("lat") or "").strip(), (post.get("long") or "").strip()
    address = (post.get("address_string") or "").strip()
    if not (latitude and longitude) and not address:
        errors.append(
            ("lat/long", "请提供事发位置：经纬度（lat 和 long）或地址（address_string）。", "location required")
        )
    if not (post.get("description") or "").strip():
        errors.append(("description", "请填写诉求描述。", "description required"))
    attributes = _attributes(request)
    for code in ("public", "confidential"):
        if attributes.get(code, "0") not in BOOLEAN_ATTRIBUTES:
            errors.append((f"attribute[{code}]", "取值只能是 1（是）或 0（否）。", "must be 1 or 0"))
    if errors:
        raise Open311Error(400, errors)
    try:
        return open311_services.submit_service_request(
            api_key=api_key,
            category=service.category if service else None,
            description=post.get("description", ""),
            first_name=post.get("first_name", ""),
            last_name=post.get("last_name", ""),
            phone=post.get("phone", ""),
            address=address,
            latitude=latitude or None,
            longitude=longitude or None,
            attributes=attributes,
            ip=client_ip(request),
        )
    except ValidationError as error:
        derived_title = not attributes.get("title")
        for field, messages in error.message_dict.items():
            parameter = "description" if field == "title" and derived_title else PARAMETERS.get(field, field)
            for message in messages:
                errors.append((parameter, message, f"invalid {parameter}"))
        raise Open311Error(400, errors) from error
    except services.ExcludedMatter as refused:
        raise Open311Error(
            400, [("description", refused.exclusion.reason, "not accepted by this channel")]
        ) from refused


@router.get("open311/v2/requests/{service_request_id}.{fmt}", url_name="open311_request", summary="GET Service Request")
@access_policy(audience="public", kwargs={"service_request_id": "0000000000", **FMT})
def request_detail(request: HttpRequest, service_request_id: str, fmt: str) -> HttpResponse:
    """One request, as a list of one (the spec's form)."""

    def build() -> HttpResponse:
        api_key = _read_key(request, request.GET.get("api_key", ""))
        ticket = selectors.get_request(api_key=api_key, service_request_id=service_request_id)
        if ticket is None:
            raise Open311Error(404, [("service_request_id", "没有这条诉求，或它不公开。", "not found")])
        return render(fmt, "service_requests", "request", [_request(ticket, api_key)])

    return _answer(fmt, build)


@router.get("open311/v2/tokens/{token}.{fmt}", url_name="open311_token", summary="GET service_request_id from a token")
@access_policy(audience="public", kwargs={"token": "0" * 32, **FMT})
def token_detail(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    """The 查询码 behind a token (issued at once, so every token already has one)."""

    def build() -> HttpResponse:
        _read_key(request, "")
        record = selectors.get_request_for_token(token)
        if record is None:
            raise Open311Error(404, [("token", "没有这个令牌。", "token not found")])
        return render(
            fmt, "service_requests", "request", [{"service_request_id": record.ticket.query_code, "token": token}]
        )

    return _answer(fmt, build)


@router.get("open311/v2/servicerequestupdates.{fmt}", url_name="open311_updates", summary="GET Service Request Updates")
@access_policy(audience="public", kwargs=FMT)
def update_list(request: HttpRequest, fmt: str) -> HttpResponse:
    """mySociety's extension: dispatches (in_progress) and approved replies (closed) between
    `start_date` and `end_date` (default: the last 90 days), oldest first."""

    def build() -> HttpResponse:
        api_key = _read_key(request, request.GET.get("api_key", ""))
        start, end = _date(request, "start_date"), _date(request, "end_date")
        end = end or timezone.now()
        start = start or end - selectors.DEFAULT_WINDOW
        if end < start or end - start > selectors.DEFAULT_WINDOW:
            raise Open311Error(400, [("end_date", "起止时间应在 90 天以内且结束不早于开始。", "date range")])
        rows = []
        for update in selectors.list_updates(api_key=api_key, start=start, end=end):
            rows.append(
                {
                    "update_id": update.update_id,
                    "service_request_id": update.ticket.query_code,
                    "status": update.status,
                    "updated_datetime": w3c(update.updated_at),
                    "description": (
                        selectors.public_texts(update.ticket, api_key)[1] if update.is_reply else update.description
                    ),
                    "media_url": "",
                }
            )
        return render(fmt, "service_request_updates", "request_update", rows)

    return _answer(fmt, build)
