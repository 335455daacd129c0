"""公文 tells the platform's seal service which agencies need a seal (the manifest's `seal_agencies`):
an agency that issues under a 代字 of the 代字 table gets one from `manage.py issue_agency_seals`,
and may be named by that 代字; the demo loader gives every writing agency its seal."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from yiwang.core.orgs.models import Agency
from yiwang.core.seals.models import AgencySeal

from ..models import IssuerCode
from .conftest import Office

pytestmark = pytest.mark.django_db


def sealed_agencies() -> set[int]:
    return set(AgencySeal.objects.filter(revoked_at__isnull=True).values_list("agency_id", flat=True))


def test_an_agency_with_only_a_code_of_the_code_table_gets_a_seal(office: Office) -> None:
    bureau = office.world.city_civil_affairs
    Agency.objects.filter(pk=bureau.pk).update(code_word="")  # its 代字 only in 公文's table now

    call_command("issue_agency_seals", stdout=StringIO(), stderr=StringIO())

    assert bureau.pk in sealed_agencies()


def test_the_command_finds_an_agency_by_a_code_of_the_code_table(office: Office) -> None:
    IssuerCode.objects.create(agency=office.world.city_civil_affairs, code="伊民函", label="函")

    call_command("issue_agency_seals", "--agency", "伊民函", stdout=StringIO(), stderr=StringIO())

    assert sealed_agencies() == {office.world.city_civil_affairs.pk}


def test_the_demo_loader_gives_the_agencies_their_seals(office: Office) -> None:
    from yiwang.modules.documents import demo

    demo.load_seals()

    writers = set(Agency.objects.filter(is_active=True).exclude(code_word="").values_list("pk", flat=True))
    assert writers | {office.civil_code.agency_id, office.office_code.agency_id} <= sealed_agencies()
