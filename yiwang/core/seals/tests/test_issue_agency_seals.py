"""manage.py issue_agency_seals: the seal authority once, a seal for each active agency with a 机关代字
and no usable seal, nothing on a second run; --agency narrows, --dry-run changes nothing. And the
authority stays single when two first uses race."""

from __future__ import annotations

import threading
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import close_old_connections, connection

from yiwang.core.orgs.models import Agency
from yiwang.core.seals.models import AgencySeal, SealAuthority
from yiwang.core.seals.services import establish_seal_authority, issue_agency_seal, revoke_agency_seal
from yiwang.testing.personas import World

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("issue_agency_seals", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def sealed_agencies() -> set[int]:
    return set(AgencySeal.objects.filter(revoked_at__isnull=True).values_list("agency_id", flat=True))


def writers() -> set[int]:
    """The agencies that write 发文 in the test world: the active ones with a 机关代字."""
    return set(Agency.objects.filter(is_active=True).exclude(code_word="").values_list("pk", flat=True))


def test_the_first_run_creates_the_authority_and_seals_every_agency_with_a_code(world: World) -> None:
    output = run()

    assert SealAuthority.objects.count() == 1
    assert sealed_agencies() == writers()
    assert "已建立平台签章根证书" in output
    assert f"已为“{world.city_office.full_name}”制发电子印章" in output


def test_a_second_run_changes_nothing(world: World) -> None:
    run()
    seals = AgencySeal.objects.count()

    output = run()

    assert AgencySeal.objects.count() == seals
    assert SealAuthority.objects.count() == 1
    assert "无需制发" in output


def test_an_agency_whose_seal_was_revoked_gets_a_new_one(world: World) -> None:
    old = issue_agency_seal(agency=world.city_office)
    revoke_agency_seal(seal=old, by=world.system_admin, reason="印章密钥疑似泄露")

    run("--agency", "伊政办发")

    current = AgencySeal.objects.get(agency=world.city_office, revoked_at__isnull=True)
    assert current.pk != old.pk
    assert sealed_agencies() == {world.city_office.pk}


def test_the_agency_may_be_named_by_id_or_code(world: World) -> None:

    run("--agency", str(world.city_civil_affairs.pk))
    assert sealed_agencies() == {world.city_civil_affairs.pk}

    run("--agency", "伊政办发")
    assert sealed_agencies() == {world.city_civil_affairs.pk, world.city_office.pk}


def test_an_unknown_agency_is_refused(world: World) -> None:
    with pytest.raises(CommandError, match="没有找到机关"):
        run("--agency", "伊不存在发")


def test_a_dry_run_lists_and_changes_nothing(world: World) -> None:
    output = run("--dry-run")

    assert not SealAuthority.objects.exists()
    assert not AgencySeal.objects.exists()
    assert "将建立平台签章根证书" in output
    assert f"将为“{world.city_civil_affairs.full_name}”制发电子印章" in output
    assert "未做任何改动" in output


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="two connections at once need PostgreSQL")
def test_two_first_uses_at_once_create_one_authority() -> None:
    barrier = threading.Barrier(2)
    made: list[int] = []
    errors: list[BaseException] = []

    def first_use() -> None:
        try:
            barrier.wait()
            made.append(establish_seal_authority().pk)
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=first_use) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    assert SealAuthority.objects.count() == 1
    assert len(set(made)) == 1
