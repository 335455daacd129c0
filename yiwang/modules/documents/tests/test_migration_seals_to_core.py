"""The migration `documents.0008_seals_to_core`: the seal authority and the agencies' seals made by
the 公文 module before the move are in `core.seals` afterwards, with the same ids, their keys
readable under the new columns' purposes, and they still sign a PDF that verifies as this platform's."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from yiwang.core.seals.models import AgencySeal, SealAuthority
from yiwang.core.seals.services import issue_agency_seal
from yiwang.core.seals.signing import Verdict, seal_pdf, verify_pdf
from yiwang.core.seals.signing.certificates import create_authority, create_seal_certificate
from yiwang.core.seals.signing.image import draw_seal
from yiwang.core.seals.tests.seal_support import box, small_pdf
from yiwang.testing.personas import World

BEFORE = [("documents", "0007_list_indexes")]
AFTER = [("documents", "0008_seals_to_core")]


def _migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection)


@pytest.fixture
def before_the_move(transactional_db: None) -> Iterator[MigrationExecutor]:
    executor = _migrate(BEFORE)
    yield executor
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())  # the whole schema again


def test_the_documents_seals_move_to_core_with_their_ids_and_keys_and_still_sign(
    before_the_move: MigrationExecutor, world: World
) -> None:
    old = before_the_move.loader.project_state(BEFORE).apps
    OldAuthority, OldSeal = old.get_model("documents", "SealAuthority"), old.get_model("documents", "AgencySeal")
    now = timezone.now()
    root = create_authority(name="伊春市电子印章根证书", organisation="伊春市电子政务信息中心", now=now)
    authority = OldAuthority.objects.create(
        id=7,
        name="伊春市电子印章根证书",
        certificate_pem=root.certificate_pem,
        private_key=root.key_pem,
        serial=root.serial,
        fingerprint=root.fingerprint,
        valid_from=root.valid_from,
        valid_until=root.valid_until,
    )
    agency = world.city_office
    issued = create_seal_certificate(
        agency_name=agency.full_name,
        uscc=agency.uscc,
        seal_name=agency.full_name,
        authority_certificate_pem=root.certificate_pem,
        authority_key_pem=root.key_pem,
        now=now,
    )
    OldSeal.objects.create(
        id=42,
        agency_id=agency.pk,
        authority_id=authority.pk,
        name=agency.full_name,
        image=draw_seal(agency.full_name),
        certificate_pem=issued.certificate_pem,
        private_key=issued.key_pem,
        serial=issued.serial,
        fingerprint=issued.fingerprint,
        valid_from=issued.valid_from,
        valid_until=issued.valid_until,
        created_by_id=world.system_admin.pk,
    )

    _migrate(AFTER)

    moved_authority = SealAuthority.objects.get(pk=7)
    assert moved_authority.private_key == root.key_pem and moved_authority.fingerprint == root.fingerprint
    seal = AgencySeal.objects.select_related("authority").get(pk=42)
    assert seal.private_key == issued.key_pem and seal.serial == issued.serial
    assert seal.agency_id == agency.pk and seal.authority_id == 7 and seal.created_by_id == world.system_admin.pk
    with connection.cursor() as cursor:
        cursor.execute("SELECT private_key FROM seals_agencyseal WHERE id = %s", [42])
        (stored,) = cursor.fetchone()
    assert "PRIVATE KEY" not in stored  # encrypted at rest under the new purpose
    tables = connection.introspection.table_names()
    assert "documents_agencyseal" not in tables and "documents_sealauthority" not in tables

    name = agency.full_name
    result = verify_pdf(seal_pdf(small_pdf(), boxes=[box(name)], seals={name: seal}, reason="伊政办发〔2026〕1号 用印"))
    assert result.verdict is Verdict.VALID
    (check,) = result.seals
    assert check.trusted and check.intact and check.signer == name

    # The sequences follow the copied ids: the next seal gets a new one.
    newer = issue_agency_seal(agency=world.city_civil_affairs, by=world.system_admin)
    assert newer.pk > 42 and newer.authority_id == 7
