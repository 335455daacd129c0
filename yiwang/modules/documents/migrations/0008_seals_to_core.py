"""The electronic seals become a platform service (ADR 0012): every seal authority and agency seal
is copied into `yiwang.core.seals` with the same primary keys, its private key decrypted and
encrypted again under the core columns' purposes, then the 公文 tables are dropped. Reversible:
going back copies the rows (and keys) the other way."""

from django.core.management.color import no_style
from django.db import migrations

FIELDS = {
    "SealAuthority": (
        "id", "name", "certificate_pem", "private_key", "serial", "fingerprint", "valid_from", "valid_until",
        "created_at",
    ),
    "AgencySeal": (
        "id", "agency_id", "authority_id", "name", "image", "certificate_pem", "private_key", "serial",
        "fingerprint", "valid_from", "valid_until", "revoked_at", "revocation_reason", "revoked_by_id",
        "created_by_id", "created_at",
    ),
}  # fmt: skip


def _copy(apps, schema_editor, source: str, target: str) -> None:
    connection = schema_editor.connection
    copied = []
    for name in ("SealAuthority", "AgencySeal"):  # the authorities first: the seals point at them
        old, new = apps.get_model(source, name), apps.get_model(target, name)
        for row in old.objects.using(connection.alias).order_by("id").iterator():
            values = {field: getattr(row, field) for field in FIELDS[name]}  # private_key: the decrypted PEM
            if isinstance(values.get("image"), memoryview):
                values["image"] = bytes(values["image"])
            new.objects.using(connection.alias).create(**values)  # encrypted under the new column's purpose
            # created_at is auto_now_add: create() stamps now, so the original time is put back.
            new.objects.using(connection.alias).filter(pk=row.pk).update(created_at=row.created_at)
        copied.append(new)
    statements = connection.ops.sequence_reset_sql(no_style(), copied)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def seals_to_core(apps, schema_editor) -> None:
    _copy(apps, schema_editor, "documents", "seals")


def seals_back_to_documents(apps, schema_editor) -> None:
    _copy(apps, schema_editor, "seals", "documents")
    apps.get_model("seals", "AgencySeal").objects.using(schema_editor.connection.alias).all().delete()
    apps.get_model("seals", "SealAuthority").objects.using(schema_editor.connection.alias).all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0007_list_indexes"),
        ("seals", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(seals_to_core, seals_back_to_documents),
        migrations.DeleteModel(name="AgencySeal"),
        migrations.DeleteModel(name="SealAuthority"),
    ]
