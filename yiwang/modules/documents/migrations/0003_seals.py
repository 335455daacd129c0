"""The agencies' electronic seals (电子印章) and the platform's seal authority."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import yiwang.core.privacy.fields


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0002_documents"),
        ("orgs", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SealAuthority",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=200, verbose_name="名称")),
                ("certificate_pem", models.TextField(verbose_name="证书 (PEM)")),
                (
                    "private_key",
                    yiwang.core.privacy.fields.EncryptedTextField(
                        purpose="documents.seal_authority_key", verbose_name="私钥（加密保存）"
                    ),
                ),
                ("serial", models.CharField(max_length=64, unique=True, verbose_name="序列号")),
                ("fingerprint", models.CharField(max_length=64, unique=True, verbose_name="SHA-256 指纹")),
                ("valid_from", models.DateTimeField(verbose_name="生效时间")),
                ("valid_until", models.DateTimeField(verbose_name="失效时间")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="创建时间")),
            ],
            options={
                "verbose_name": "签章根证书",
                "verbose_name_plural": "签章根证书",
                "ordering": ["-valid_from", "-id"],
            },
        ),
        migrations.CreateModel(
            name="AgencySeal",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "name",
                    models.CharField(help_text="沿印章上弧排列的机关名称", max_length=100, verbose_name="印章文字"),
                ),
                ("image", models.BinaryField(verbose_name="印章图像 (PNG)")),
                ("certificate_pem", models.TextField(verbose_name="证书 (PEM)")),
                (
                    "private_key",
                    yiwang.core.privacy.fields.EncryptedTextField(
                        purpose="documents.seal_key", verbose_name="私钥（加密保存）"
                    ),
                ),
                ("serial", models.CharField(max_length=64, unique=True, verbose_name="序列号")),
                ("fingerprint", models.CharField(max_length=64, unique=True, verbose_name="SHA-256 指纹")),
                ("valid_from", models.DateTimeField(verbose_name="生效时间")),
                ("valid_until", models.DateTimeField(verbose_name="失效时间")),
                ("revoked_at", models.DateTimeField(blank=True, null=True, verbose_name="撤销时间")),
                ("revocation_reason", models.CharField(blank=True, max_length=200, verbose_name="撤销原因")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="制发时间")),
                (
                    "agency",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="seals",
                        to="orgs.agency",
                        verbose_name="机构",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="制发人",
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
                        verbose_name="撤销人",
                    ),
                ),
                (
                    "authority",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="seals",
                        to="documents.sealauthority",
                        verbose_name="签发机构",
                    ),
                ),
            ],
            options={
                "verbose_name": "电子印章",
                "verbose_name_plural": "电子印章",
                "ordering": ["agency_id", "-valid_from", "-id"],
                "indexes": [models.Index(fields=["agency", "revoked_at"], name="documents_seal_agency_idx")],
            },
        ),
    ]
