import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

RETENTION = [("Y", "永久"), ("D30", "定期30年"), ("D10", "定期10年")]


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0004_incoming"),
        ("files", "0001_initial"),
        ("orgs", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ArchiveFonds",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "code",
                    models.CharField(
                        help_text="由同级档案馆赋予，如“Z001”", max_length=20, unique=True, verbose_name="全宗号"
                    ),
                ),
                (
                    "agency",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="archive_fonds",
                        to="orgs.agency",
                        verbose_name="机关",
                    ),
                ),
            ],
            options={"verbose_name": "全宗", "verbose_name_plural": "全宗"},
        ),
        migrations.CreateModel(
            name="ArchiveSerialCounter",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("fonds", models.CharField(max_length=20, verbose_name="全宗号")),
                ("year", models.PositiveSmallIntegerField(verbose_name="年度")),
                ("retention", models.CharField(choices=RETENTION, max_length=3, verbose_name="保管期限")),
                ("last", models.PositiveIntegerField(default=0, verbose_name="已用件号")),
            ],
            options={
                "verbose_name": "件号计数",
                "verbose_name_plural": "件号计数",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("fonds", "year", "retention"), name="documents_archive_counter_once"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ArchiveExport",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("year", models.PositiveSmallIntegerField(verbose_name="年度")),
                (
                    "status",
                    models.CharField(
                        choices=[("queued", "排队中"), ("running", "生成中"), ("done", "已完成"), ("failed", "失败")],
                        default="queued",
                        max_length=8,
                        verbose_name="状态",
                    ),
                ),
                (
                    "requested_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="申请时间"),
                ),
                ("finished_at", models.DateTimeField(blank=True, null=True, verbose_name="完成时间")),
                ("count", models.PositiveIntegerField(default=0, verbose_name="件数")),
                ("error", models.CharField(blank=True, max_length=300, verbose_name="失败原因")),
                (
                    "agency",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="orgs.agency",
                        verbose_name="立档单位",
                    ),
                ),
                (
                    "file",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="files.storedfile",
                        verbose_name="导出文件",
                    ),
                ),
                (
                    "requested_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "verbose_name": "年度归档导出",
                "verbose_name_plural": "年度归档导出",
                "indexes": [models.Index(fields=["agency", "-requested_at"], name="documents_archive_export")],
            },
        ),
        migrations.CreateModel(
            name="ArchiveRecord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("fonds", models.CharField(max_length=20, verbose_name="全宗号")),
                ("year", models.PositiveSmallIntegerField(verbose_name="年度")),
                ("retention", models.CharField(choices=RETENTION, max_length=3, verbose_name="保管期限")),
                ("category", models.CharField(blank=True, max_length=50, verbose_name="机构（问题）")),
                ("serial", models.PositiveIntegerField(verbose_name="件号")),
                ("archive_code", models.CharField(max_length=80, unique=True, verbose_name="档号")),
                ("package_sha256", models.CharField(max_length=64, verbose_name="数据包 SHA-256")),
                ("archived_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="归档时间")),
                (
                    "agency",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="orgs.agency",
                        verbose_name="立档单位",
                    ),
                ),
                (
                    "archived_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
                (
                    "document",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="archive_record",
                        to="documents.document",
                        verbose_name="公文",
                    ),
                ),
                (
                    "package",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="files.storedfile",
                        verbose_name="归档数据包",
                    ),
                ),
            ],
            options={
                "verbose_name": "归档文件",
                "verbose_name_plural": "归档文件",
                "indexes": [
                    models.Index(fields=["agency", "year", "retention", "serial"], name="documents_archive_list")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("fonds", "year", "retention", "serial"), name="documents_archive_serial_once"
                    )
                ],
            },
        ),
    ]
