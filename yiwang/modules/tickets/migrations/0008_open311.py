import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import yiwang.core.privacy.fields


class Migration(migrations.Migration):
    dependencies = [
        ("tickets", "0007_publication"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ApiKey",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=100, verbose_name="应用名称")),
                ("contact", models.CharField(blank=True, default="", max_length=200, verbose_name="联系人及联系方式")),
                ("prefix", models.CharField(editable=False, max_length=12, verbose_name="密钥前缀")),
                (
                    "key_hash",
                    yiwang.core.privacy.fields.KeyedHashField(blank=True, editable=False, max_length=64, unique=True),
                ),
                ("active", models.BooleanField(default=True, verbose_name="有效")),
                ("rate_limit", models.CharField(blank=True, default="", max_length=16, verbose_name="提交频率上限")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="创建时间")),
                ("last_used_at", models.DateTimeField(blank=True, null=True, verbose_name="最近使用")),
                ("revoked_at", models.DateTimeField(blank=True, null=True, verbose_name="停用时间")),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="创建人",
                    ),
                ),
                (
                    "revoked_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="停用人",
                    ),
                ),
            ],
            options={
                "verbose_name": "接口密钥",
                "verbose_name_plural": "接口密钥",
                "ordering": ["-created_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="ServiceRequest",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token", models.CharField(max_length=32, unique=True, verbose_name="令牌")),
                (
                    "api_key",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="requests",
                        to="tickets.apikey",
                        verbose_name="接口密钥",
                    ),
                ),
                (
                    "ticket",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="open311_request",
                        to="tickets.ticket",
                        verbose_name="工单",
                    ),
                ),
            ],
            options={
                "verbose_name": "Open311 受理记录",
                "verbose_name_plural": "Open311 受理记录",
            },
        ),
    ]
