"""我的办件: the signed-in applicant's list (newest first, paginated) and each application's page —
status, clocks, materials with 容缺/承诺, notices as PDF, what to do next; only the owner sees it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from yiwang.modules.servicehall.services import applications as services

from .applications_support import Hall, accept, hall_fixture, submit  # noqa: F401

pytestmark = pytest.mark.django_db

MY = "/services/my/"


def test_the_list_needs_a_signed_in_user(client: Client) -> None:
    response = client.get(MY)
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_list_shows_only_ones_own_applications_newest_first(hall: Hall, login: Callable[[Any], Client]) -> None:
    first = submit(hall)
    second = submit(hall)
    other = submit(hall, applicant=hall.world.enterprise, applicant_kind="legal_person", applicant_name="伊春林都公司")
    html = login(hall.world.citizen).get(MY).content.decode()
    assert html.index(second.number) < html.index(first.number)
    assert other.number not in html


def test_someone_elses_application_is_not_found(hall: Hall, login: Callable[[Any], Client]) -> None:
    application = submit(hall)
    client = login(hall.world.enterprise)
    assert client.get(f"{MY}{application.pk}/").status_code == 404
    notice = accept(hall, application).notices.get()
    assert client.get(f"{MY}{application.pk}/notices/{notice.pk}.pdf").status_code == 404


def test_a_correction_shows_the_notices_list_as_what_to_do_next(hall: Hall, login: Callable[[Any], Client]) -> None:
    application = submit(hall, without=(hall.premises,))
    services.request_correction(
        application=application,
        actor=hall.window,
        problems=[{"field": "address", "label": "住所", "problem": "住所须写到门牌号"}],
    )
    html = login(hall.world.citizen).get(f"{MY}{application.pk}/").content.decode()
    assert 'data-testid="my-next-steps"' in html and "住所：住所须写到门牌号" in html and "场所使用证明" in html
    assert "待补正" in html and "补正告知书" in html


def test_the_page_shows_deferred_and_promised_materials_and_the_receipt_as_pdf(
    hall: Hall, login: Callable[[Any], Client]
) -> None:
    application = submit(hall, without=(hall.premises,), promises={hall.qualification.pk: "本人承诺具备消防安全资格"})
    notice = services.accept_application(
        application=application,
        actor=hall.window,
        deferrals={hall.premises.pk: ("十个工作日内补交场所使用证明", timezone.localdate() + timedelta(days=14))},
    )
    client = login(hall.world.citizen)
    html = client.get(f"{MY}{application.pk}/").content.decode()
    assert "容缺后补" in html and "容缺受理：请于" in html and "告知承诺" in html and "待核查" in html
    assert "请补交容缺材料“场所使用证明”" in html
    assert "法定办结时限" in html and "承诺办结时限" in html
    response = client.get(f"{MY}{application.pk}/notices/{notice.pk}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response).startswith(b"%PDF")
