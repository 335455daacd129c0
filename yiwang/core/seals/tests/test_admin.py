"""电子印章管理 in the workspace: the system administrator (市信息中心) lists the agencies' seals,
制发 one and 撤销 one with its reason, after proving who they are again; no one else reaches it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from yiwang.core.accounts.reauth import AUTHENTICATED_AT_KEY
from yiwang.core.audit.models import AuditEntry
from yiwang.core.permissions.access import can
from yiwang.core.seals.models import AgencySeal
from yiwang.core.seals.services import issue_agency_seal
from yiwang.testing.auth import sign_in
from yiwang.testing.personas import World

pytestmark = pytest.mark.django_db

LIST = "/staff/seals/"
ISSUE = "/staff/seals/issue/"


def admin_client(client: Client, world: World, *, recent: bool = True) -> Client:
    sign_in(client, world.system_admin)
    if recent:
        session = client.session
        session[AUTHENTICATED_AT_KEY] = timezone.now().timestamp()
        session.save()
    return client


def test_only_the_system_administrator_holds_the_seal_verb(world: World) -> None:
    assert can(world.system_admin, "seals.manage")
    assert not can(world.security_admin, "seals.manage")
    assert not can(world.audit_admin, "seals.manage")
    assert not can(world.leader, "seals.manage")


@pytest.mark.parametrize("url", [LIST, ISSUE])
def test_staff_without_the_verb_are_refused(client: Client, world: World, url: str) -> None:
    sign_in(client, world.leader)
    response = client.get(url)

    assert response.status_code in (302, 403) and response.get("Location", "/staff/") == "/staff/"


def test_the_revoke_screen_is_refused_without_the_verb(client: Client, world: World) -> None:
    seal = issue_agency_seal(agency=world.city_office, by=world.system_admin)
    sign_in(client, world.leader)

    response = client.post(f"/staff/seals/{seal.pk}/revoke/", {"reason": "试图撤销"})

    assert response.status_code in (302, 403) and response.get("Location", "/staff/") == "/staff/"
    assert AgencySeal.objects.get(pk=seal.pk).revoked_at is None


def test_the_list_shows_every_agency_with_its_seal_state(client: Client, world: World) -> None:
    seal = issue_agency_seal(agency=world.city_office, by=world.system_admin)
    admin_client(client, world)

    response = client.get(reverse("seals:list"))

    assert response.status_code == 200
    html = response.content.decode()
    assert world.city_office.full_name in html and world.city_civil_affairs.full_name in html
    rows = {row["agency"].pk: row for row in response.context["rows"]}
    assert rows[world.city_office.pk]["state"] == "有效"
    assert rows[world.city_civil_affairs.pk]["state"] == "未制发"
    assert seal.fingerprint in html
    assert f"/staff/seals/{seal.pk}/revoke/" in html


def test_the_menu_offers_seals_to_the_system_administrator(client: Client, world: World) -> None:
    admin_client(client, world)

    assert LIST in client.get("/staff/").content.decode()


def test_issuing_a_seal_creates_it_with_its_audit_entry(client: Client, world: World) -> None:
    admin_client(client, world)

    response = client.post(ISSUE, {"agency": world.city_civil_affairs.pk, "name": "", "years": "3"})

    assert response.status_code == 302
    seal = AgencySeal.objects.get(agency=world.city_civil_affairs)
    assert seal.name == world.city_civil_affairs.full_name
    assert (seal.valid_until - seal.valid_from).days >= 3 * 365
    assert seal.created_by == world.system_admin
    assert AuditEntry.objects.filter(event="seals.seal.issue").exists()


def test_an_invalid_seal_request_is_shown_again_with_the_input(client: Client, world: World) -> None:
    admin_client(client, world)

    response = client.post(ISSUE, {"agency": world.city_civil_affairs.pk, "name": "伊春市民政局", "years": "50"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "印章有效期应为 1 至 20 年。" in html
    assert 'value="伊春市民政局"' in html
    assert not AgencySeal.objects.exists()


def test_issuing_asks_for_a_recent_sign_in_first(client: Client, world: World) -> None:
    admin_client(client, world, recent=False)

    response = client.post(ISSUE, {"agency": world.city_civil_affairs.pk, "years": "5"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:reauth"))
    assert not AgencySeal.objects.exists()


def test_revoking_needs_a_reason_and_records_it(client: Client, world: World) -> None:
    seal = issue_agency_seal(agency=world.city_office, by=world.system_admin)
    admin_client(client, world)
    url = reverse("seals:revoke", args=[seal.pk])

    refused = client.post(url, {"reason": "  "})
    assert refused.status_code == 400
    assert "请填写撤销原因。" in refused.content.decode()

    response = client.post(url, {"reason": "印章密钥疑似泄露"})

    assert response.status_code == 302
    seal.refresh_from_db()
    assert seal.revoked_at is not None and seal.revocation_reason == "印章密钥疑似泄露"
    assert seal.revoked_by == world.system_admin
    assert AuditEntry.objects.filter(event="seals.seal.revoke").exists()
    listed = {row["agency"].pk: row for row in client.get(LIST).context["rows"]}
    assert listed[world.city_office.pk]["state"] == "已撤销"


def test_revoking_asks_for_a_recent_sign_in_first(client: Client, world: World) -> None:
    seal = issue_agency_seal(agency=world.city_office, by=world.system_admin)
    admin_client(client, world, recent=False)

    response = client.post(reverse("seals:revoke", args=[seal.pk]), {"reason": "机构撤并"})

    assert response["Location"].startswith(reverse("accounts:reauth"))
    assert AgencySeal.objects.get(pk=seal.pk).revoked_at is None


def test_a_revoked_seal_cannot_be_revoked_again(client: Client, world: World) -> None:
    seal = issue_agency_seal(agency=world.city_office, by=world.system_admin)
    admin_client(client, world)
    url = reverse("seals:revoke", args=[seal.pk])
    client.post(url, {"reason": "机构撤并"})

    response = client.post(url, {"reason": "再次撤销"})

    assert response.status_code == 400
    assert "该印章已于" in response.content.decode()
