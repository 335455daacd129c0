"""The audit log is append-only and hash-chained; any edit, insertion or deletion is detected."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from yiwang.core.audit import services as audit
from yiwang.core.audit.chain import digest_of
from yiwang.core.audit.models import AuditChainHead, AuditEntry
from yiwang.testing.personas import World

SQLITE = importlib.import_module("yiwang.core.audit.migrations.0002_append_only_triggers").SQLITE

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def guarded() -> None:
    """Turn the database's delete guard back on for this test (the suite's settings relax it)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET yiwang.allow_audit_delete = 'off'")
        else:
            connection.connection.create_function("yiwang_allow_audit_delete", 0, lambda: 0)
    yield
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET yiwang.allow_audit_delete = 'on'")
        else:
            connection.connection.create_function("yiwang_allow_audit_delete", 0, lambda: 1)


def write_entries(actor, count: int = 5) -> list[AuditEntry]:
    return [
        audit.record(
            event="test.change", actor=actor, ip="10.0.0.1", detail={"before": i, "after": i + 1, "名称": "伊春"}
        )
        for i in range(count)
    ]


def without_guards(sql: str, params: list | None = None) -> None:
    """Do what an attacker with raw database access could do: bypass the append-only triggers."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
            cursor.execute(sql, params or [])
            cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS audit_entry_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS audit_entry_retention")
            cursor.execute(sql, params or [])
            for trigger in SQLITE:
                cursor.execute(trigger)


def test_a_fresh_chain_verifies(world: World) -> None:
    before = AuditEntry.objects.count()
    write_entries(world.city_clerk)
    report = audit.verify_chain()
    assert report.intact and report.checked == before + 5
    call_command("audit_verify")


def test_each_entry_records_time_actor_ip_event_object_and_result(world: World) -> None:
    entry = audit.record(
        event="orgs.agency.update",
        actor=world.system_admin,
        obj=world.city_office,
        ip="192.0.2.7",
        result="failure",
        detail={"before": {"phone": "1"}, "after": {"phone": "2"}},
    )
    entry.refresh_from_db()
    assert entry.created_at is not None
    assert (entry.actor_id, entry.actor_label) == (world.system_admin.pk, "sysadmin")
    assert (entry.ip, entry.event, entry.result) == ("192.0.2.7", "orgs.agency.update", "failure")
    assert (entry.object_type, entry.object_id) == ("orgs.Agency", str(world.city_office.pk))
    assert digest_of(entry) == entry.entry_hash


def test_an_edited_row_is_detected(world: World) -> None:
    entries = write_entries(world.city_clerk)
    without_guards("UPDATE audit_auditentry SET actor_label = %s WHERE seq = %s", ["someone_else", entries[2].seq])
    report = audit.verify_chain()
    assert not report.intact
    assert any(f"第 {entries[2].seq} 条内容与哈希不符" in p for p in report.problems)
    with pytest.raises(CommandError):
        call_command("audit_verify")


def test_a_deleted_row_is_detected(world: World) -> None:
    entries = write_entries(world.city_clerk)
    without_guards("DELETE FROM audit_auditentry WHERE seq = %s", [entries[1].seq])
    assert not audit.verify_chain().intact


def test_deleting_the_newest_rows_is_detected(world: World) -> None:
    entries = write_entries(world.city_clerk)
    without_guards("DELETE FROM audit_auditentry WHERE seq >= %s", [entries[3].seq])
    report = audit.verify_chain()
    assert any("链头" in p for p in report.problems)


def test_an_inserted_row_is_detected(world: World) -> None:
    entries = write_entries(world.city_clerk)
    forged = AuditEntry.objects.get(seq=entries[4].seq)
    without_guards("DELETE FROM audit_auditentry WHERE seq = %s", [forged.seq])
    # Re-insert a forged row with a self-consistent hash but the wrong link.
    forged.prev_hash = "f" * 64
    forged.entry_hash = digest_of(forged)
    forged.save(force_insert=True)
    assert not audit.verify_chain().intact


def test_the_database_refuses_updates_to_audit_rows(world: World, guarded: None) -> None:
    entry = write_entries(world.city_clerk, 1)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(event="edited")


def test_the_database_refuses_deleting_rows_younger_than_180_days(world: World, guarded: None) -> None:
    entry = write_entries(world.city_clerk, 1)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("TRUNCATE audit_auditentry")
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_purge_refuses_a_retention_under_180_days(world: World) -> None:
    write_entries(world.city_clerk, 2)
    with pytest.raises(audit.RetentionError):
        audit.purge_before(cutoff_days=179)
    with pytest.raises(CommandError):
        call_command("audit_purge", "--older-than", "30")


def test_purge_of_old_rows_keeps_the_chain_verifiable(world: World, guarded: None) -> None:
    setup_entries = AuditEntry.objects.count()  # building the world is audited too
    old = write_entries(world.city_clerk, 3)
    long_ago = timezone.now() - timedelta(days=400)
    # Age the first three rows (rewriting their hashes, as if written 400 days ago).
    without_guards("UPDATE audit_auditentry SET created_at = %s WHERE seq <= %s", [long_ago, old[-1].seq])
    for entry in AuditEntry.objects.order_by("seq"):
        prev = AuditEntry.objects.filter(seq=entry.seq - 1).values_list("entry_hash", flat=True).first()
        entry.prev_hash = prev or "0" * 64
        entry.entry_hash = digest_of(entry)
        without_guards(
            "UPDATE audit_auditentry SET prev_hash=%s, entry_hash=%s WHERE seq=%s",
            [entry.prev_hash, entry.entry_hash, entry.seq],
        )
    head = AuditChainHead.objects.get()
    head.last_hash = AuditEntry.objects.order_by("-seq").first().entry_hash
    head.save()
    write_entries(world.city_clerk, 2)

    deleted = audit.purge_before(cutoff_days=180, actor=world.audit_admin)

    assert deleted == setup_entries + 3
    assert AuditEntry.objects.filter(event="audit.purge").exists()
    assert audit.verify_chain().intact
