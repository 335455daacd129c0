"""Make the audit table append-only in the database itself (GB/T 22239 L3-CES1-14):
UPDATE is always refused; DELETE (and TRUNCATE) is refused for rows younger than 180 days
(网络安全法 Art. 21).

The only exception is the test suite, which must empty tables between tests: a connection may
allow deletion explicitly — PostgreSQL through the setting `yiwang.allow_audit_delete = on`,
SQLite through the SQL function `yiwang_allow_audit_delete()` that Yiwang registers on each
connection (it returns 1 only when settings.YIWANG_AUDIT_ALLOW_DELETE is true, which only the
test settings set). A connection without the function (e.g. the sqlite3 shell) cannot delete."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_auditentry
       BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END""",
    """CREATE TRIGGER audit_entry_retention BEFORE DELETE ON audit_auditentry
       WHEN OLD.created_at > datetime('now', '-180 days') AND yiwang_allow_audit_delete() = 0
       BEGIN SELECT RAISE(ABORT, 'audit entries younger than 180 days cannot be deleted'); END""",
]
SQLITE_REVERSE = ["DROP TRIGGER audit_entry_no_update", "DROP TRIGGER audit_entry_retention"]

POSTGRES = [
    """CREATE FUNCTION audit_entry_guard() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'UPDATE' THEN
           RAISE EXCEPTION 'audit entries are append-only';
         END IF;
         IF coalesce(current_setting('yiwang.allow_audit_delete', true), '') = 'on' THEN
           RETURN OLD;
         END IF;
         IF TG_OP = 'TRUNCATE' THEN
           RAISE EXCEPTION 'audit entries cannot be truncated';
         END IF;
         IF OLD.created_at > now() - interval '180 days' THEN
           RAISE EXCEPTION 'audit entries younger than 180 days cannot be deleted';
         END IF;
         RETURN OLD;
       END $$""",
    """CREATE TRIGGER audit_entry_guard BEFORE UPDATE OR DELETE ON audit_auditentry
       FOR EACH ROW EXECUTE FUNCTION audit_entry_guard()""",
    # TRUNCATE bypasses row triggers; refuse it too.
    """CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_auditentry
       FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_guard()""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER audit_entry_no_truncate ON audit_auditentry",
    "DROP TRIGGER audit_entry_guard ON audit_auditentry",
    "DROP FUNCTION audit_entry_guard()",
]


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    statements = POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    statements = POSTGRES_REVERSE if schema_editor.connection.vendor == "postgresql" else SQLITE_REVERSE
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
