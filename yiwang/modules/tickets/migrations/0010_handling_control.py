import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0001_initial"),
        ("tickets", "0009_intake_guard"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ExtensionRequest",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("days", models.PositiveSmallIntegerField(verbose_name="延长工作日")),
                ("reason", models.CharField(max_length=500, verbose_name="延期理由")),
                ("requested_at", models.DateTimeField(verbose_name="申请时间")),
                (
                    "status",
                    models.CharField(
                        choices=[("pending", "待审批"), ("approved", "已批准"), ("refused", "不予批准")],
                        default="pending",
                        max_length=16,
                        verbose_name="审批状态",
                    ),
                ),
                ("decided_at", models.DateTimeField(blank=True, null=True, verbose_name="审批时间")),
                ("decision_note", models.CharField(blank=True, default="", max_length=500, verbose_name="审批意见")),
                (
                    "agency",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="orgs.agency",
                        verbose_name="申请单位",
                    ),
                ),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="审批人",
                    ),
                ),
                (
                    "requested_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="申请人",
                    ),
                ),
                (
                    "ticket",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="extension_requests",
                        to="tickets.ticket",
                        verbose_name="工单",
                    ),
                ),
            ],
            options={
                "verbose_name": "延期申请",
                "verbose_name_plural": "延期申请",
                "ordering": ["ticket", "requested_at", "id"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("status", "pending")),
                        fields=("ticket",),
                        name="tickets_one_pending_extension",
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="assignment",
            name="reassigned",
            field=models.BooleanField(default=False, verbose_name="改派"),
        ),
        migrations.AddField(
            model_name="ticket",
            name="merged_into",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="merged_tickets",
                to="tickets.ticket",
                verbose_name="合并至",
            ),
        ),
        migrations.AddField(
            model_name="ticket",
            name="supervised_at",
            field=models.DateTimeField(blank=True, db_index=True, null=True, verbose_name="督办时间"),
        ),
        migrations.AddField(
            model_name="ticket",
            name="supervision_note",
            field=models.CharField(blank=True, default="", max_length=300, verbose_name="督办说明"),
        ),
        migrations.AddIndex(
            model_name="ticket",
            index=models.Index(fields=["category", "-created_at"], name="tickets_ticket_category"),
        ),
        migrations.AddIndex(
            model_name="ticket",
            index=models.Index(
                condition=models.Q(("status", "handling"), ("supervised_at__isnull", True)),
                fields=["due_at"],
                name="tickets_ticket_unsupervised",
            ),
        ),
    ]
