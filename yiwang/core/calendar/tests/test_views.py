"""The 工作日历 staff screen: everyone on staff may look; only calendar managers may change it."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from yiwang.core.audit.models import AuditEntry
from yiwang.core.calendar.models import CalendarOverride, CalendarYear
from yiwang.core.calendar.workcalendar import is_known_year, is_workday
from yiwang.testing.auth import sign_in

pytestmark = pytest.mark.django_db

YEAR_URL = reverse("calendar_staff:year")
ADD_URL = reverse("calendar_staff:override_add")
MARK_URL = reverse("calendar_staff:year_mark")


def test_staff_see_the_year_with_holidays_and_adjusted_workdays(client, world) -> None:
    sign_in(client, world.city_clerk)
    response = client.get(YEAR_URL, {"year": 2026})
    assert response.status_code == 200
    html = response.content.decode()
    assert "2026年2月" in html and "调班" in html and "春节" in html
    assert "已内置" in html
    assert "保存调整" not in html and "保存年度状态" not in html  # no forms without core.manage_calendar


def test_an_unknown_year_is_shown_as_not_loaded(client, world) -> None:
    sign_in(client, world.system_admin)
    html = client.get(YEAR_URL, {"year": 2027}).content.decode()
    assert "2027年的节假日安排尚未录入" in html


def test_citizens_cannot_open_the_staff_screen(client, world) -> None:
    sign_in(client, world.citizen)
    response = client.get(YEAR_URL)
    assert response.status_code in (302, 403)


def test_a_manager_adds_an_override_and_it_is_audited(client, world) -> None:
    sign_in(client, world.system_admin)
    response = client.post(
        ADD_URL,
        {"day": "2026-06-01", "is_workday": "0", "name": "临时放假", "source": "伊政办发〔2026〕9号", "reason": ""},
    )
    assert response.status_code == 302 and response["Location"].endswith("?year=2026")
    row = CalendarOverride.objects.get()
    assert (row.day, row.is_workday, row.created_by) == (date(2026, 6, 1), False, world.system_admin)
    assert not is_workday(date(2026, 6, 1))
    assert AuditEntry.objects.filter(event="calendar.override_set", actor=world.system_admin).count() == 1


def test_bad_override_input_keeps_the_text_and_writes_nothing(client, world) -> None:
    sign_in(client, world.system_admin)
    response = client.post(ADD_URL, {"day": "2026-13-40", "is_workday": "0", "name": "我的输入", "source": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "我的输入" in html and "2026-13-40" in html
    assert "请填写依据文件" in html or "有效的日期" in html
    assert not CalendarOverride.objects.exists()


def test_a_clerk_cannot_change_the_calendar(client, world) -> None:
    sign_in(client, world.city_clerk)
    # The workspace turns PermissionDenied into a redirect to its home page with an error message.
    response = client.post(ADD_URL, {"day": "2026-06-01", "is_workday": "0", "source": "x"})
    assert response.status_code in (302, 403) and response.get("Location", "") != YEAR_URL + "?year=2026"
    assert client.post(MARK_URL, {"year": 2027, "source": "x", "complete": "on"}).status_code in (302, 403)
    assert client.get(ADD_URL).status_code in (302, 403)
    assert not CalendarOverride.objects.exists() and not CalendarYear.objects.exists()


def test_a_manager_edits_and_deletes_an_override(client, world) -> None:
    sign_in(client, world.system_admin)
    client.post(ADD_URL, {"day": "2026-06-01", "is_workday": "0", "source": "伊政办发〔2026〕9号"})
    row = CalendarOverride.objects.get()
    edit_url = reverse("calendar_staff:override_edit", args=[row.pk])
    assert "伊政办发〔2026〕9号" in client.get(edit_url).content.decode()
    client.post(edit_url, {"day": "2026-06-01", "is_workday": "1", "source": "伊政办发〔2026〕10号"})
    row.refresh_from_db()
    assert row.is_workday and row.source == "伊政办发〔2026〕10号"
    delete_url = reverse("calendar_staff:override_delete", args=[row.pk])
    assert client.get(delete_url).status_code == 200
    assert client.post(delete_url).status_code == 302
    assert not CalendarOverride.objects.exists()
    events = list(AuditEntry.objects.filter(event__startswith="calendar.override").values_list("event", flat=True))
    assert events == ["calendar.override_set", "calendar.override_set", "calendar.override_delete"]


def test_a_manager_marks_a_year_loaded(client, world) -> None:
    sign_in(client, world.system_admin)
    response = client.post(MARK_URL, {"year": 2027, "source": "国办发明电〔2026〕1号", "complete": "on"})
    assert response.status_code == 302
    assert is_known_year(2027)
    assert CalendarYear.objects.get().loaded_by == world.system_admin
    assert AuditEntry.objects.filter(event="calendar.year_loaded").count() == 1


def test_marking_a_year_needs_the_notice_number(client, world) -> None:
    sign_in(client, world.system_admin)
    response = client.post(MARK_URL, {"year": 2027, "source": "", "complete": "on"})
    assert response.status_code == 400
    assert not CalendarYear.objects.exists()
