import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0001_initial"),
        ("tickets", "0006_knowledge"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Publication",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "state",
                    models.CharField(
                        choices=[("published", "已公开"), ("withheld", "不予公开")],
                        default="published",
                        max_length=16,
                        verbose_name="公开状态",
                    ),
                ),
                (
                    "channel",
                    models.CharField(
                        choices=[
                            ("mayor_mailbox", "市长信箱"),
                            ("mayor_line", "市长专线"),
                            ("conduct_line", "行风热线"),
                            ("online_consultation", "在线咨询"),
                            ("hotline_12345", "12345热线"),
                            ("api", "API"),
                        ],
                        max_length=24,
                        verbose_name="渠道",
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("consultation", "咨询"),
                            ("help", "求助"),
                            ("complaint", "投诉"),
                            ("suggestion", "建议"),
                            ("report", "举报"),
                            ("other", "其他"),
                        ],
                        max_length=16,
                        verbose_name="诉求类型",
                    ),
                ),
                ("title", models.CharField(max_length=50, verbose_name="标题（已脱敏）")),
                ("content", models.TextField(verbose_name="诉求内容（已脱敏）")),
                ("reply", models.TextField(blank=True, default="", verbose_name="答复内容（已脱敏）")),
                (
                    "citizen_name",
                    models.CharField(blank=True, default="", max_length=50, verbose_name="来信人（已脱敏）"),
                ),
                (
                    "citizen_phone",
                    models.CharField(blank=True, default="", max_length=20, verbose_name="联系电话（已脱敏）"),
                ),
                ("accepted_at", models.DateTimeField(verbose_name="受理日期")),
                ("replied_at", models.DateTimeField(blank=True, null=True, verbose_name="答复日期")),
                ("published_at", models.DateTimeField(blank=True, null=True, verbose_name="公开时间")),
                ("withheld_at", models.DateTimeField(blank=True, null=True, verbose_name="不予公开时间")),
                (
                    "withhold_reason",
                    models.CharField(blank=True, default="", max_length=300, verbose_name="不予公开理由"),
                ),
                (
                    "agency",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="orgs.agency",
                        verbose_name="答复部门",
                    ),
                ),
                (
                    "ticket",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="publication",
                        to="tickets.ticket",
                        verbose_name="工单",
                    ),
                ),
                (
                    "withheld_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="决定人",
                    ),
                ),
            ],
            options={
                "verbose_name": "来信公开",
                "verbose_name_plural": "来信公开",
                "ordering": ["-replied_at", "-id"],
                "indexes": [models.Index(fields=["state", "-replied_at"], name="tickets_publication_list")],
            },
        ),
    ]
