import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("servicehall", "0001_catalogue"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations: list = [
        migrations.CreateModel(
            name="ServiceForm",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("schema", models.JSONField(default=dict, verbose_name="字段定义（JSON Schema）")),
                ("layout", models.JSONField(default=dict, verbose_name="布局")),
                ("version", models.PositiveIntegerField(default=1, verbose_name="版本")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="创建时间")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="修改时间")),
                (
                    "item",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="form",
                        to="servicehall.serviceitem",
                        verbose_name="事项",
                    ),
                ),
                (
                    "updated_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="最后修改人",
                    ),
                ),
            ],
            options={"verbose_name": "申请表单", "verbose_name_plural": "申请表单"},
        ),
        migrations.CreateModel(
            name="ServiceFormVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("version", models.PositiveIntegerField(verbose_name="版本")),
                ("schema", models.JSONField(verbose_name="字段定义（JSON Schema）")),
                ("layout", models.JSONField(verbose_name="布局")),
                ("saved_at", models.DateTimeField(verbose_name="保存时间")),
                (
                    "form",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="versions",
                        to="servicehall.serviceform",
                        verbose_name="表单",
                    ),
                ),
                (
                    "saved_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="保存人",
                    ),
                ),
            ],
            options={
                "verbose_name": "表单版本",
                "verbose_name_plural": "表单版本",
                "ordering": ["form_id", "-version"],
                "constraints": [
                    models.UniqueConstraint(fields=("form", "version"), name="servicehall_form_version_unique")
                ],
            },
        ),
    ]
