"""The agencies' electronic seals (电子印章) and the platform's seal authority (签章 CA).

The authority is the deployment's own certification authority (the city's IT centre, 市信息中心):
created once, it signs one certificate per seal. Private keys are kept encrypted with the platform's
field encryption (AES-256-GCM, rotating keys from settings): a database dump holds no usable key.
A platform service (ADR 0012): 公文 seals its documents with them, and any module that issues a
sealed file (电子证照, replies, procurement documents) uses the same seals through `services`,
`selectors` and `signing`. Rows are written by `services` only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from yiwang.core.privacy.fields import EncryptedTextField

__all__ = ["AgencySeal", "SealAuthority"]

# The purposes bind each ciphertext to its column (a key copied to another column fails to decrypt).
AUTHORITY_KEY_PURPOSE = "seals.authority_key"
SEAL_KEY_PURPOSE = "seals.seal_key"


class SealAuthority(models.Model):
    """签章根证书 — the platform CA whose certificate is the verification page's only trust root."""

    name = models.CharField("名称", max_length=200)
    certificate_pem = models.TextField("证书 (PEM)")
    private_key = EncryptedTextField("私钥（加密保存）", purpose=AUTHORITY_KEY_PURPOSE)
    serial = models.CharField("序列号", max_length=64, unique=True)
    fingerprint = models.CharField("SHA-256 指纹", max_length=64, unique=True)
    valid_from = models.DateTimeField("生效时间")
    valid_until = models.DateTimeField("失效时间")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "签章根证书"
        verbose_name_plural = "签章根证书"
        ordering = ["-valid_from", "-id"]

    def __str__(self) -> str:
        return self.name


class AgencySeal(models.Model):
    """电子印章 — one agency's 公章: the image placed on the page and the certificate and key that sign."""

    agency = models.ForeignKey("orgs.Agency", on_delete=models.PROTECT, related_name="seals", verbose_name="机构")
    authority = models.ForeignKey(
        SealAuthority, on_delete=models.PROTECT, related_name="seals", verbose_name="签发机构"
    )
    name = models.CharField("印章文字", max_length=100, help_text="沿印章上弧排列的机关名称")
    image = models.BinaryField("印章图像 (PNG)")
    certificate_pem = models.TextField("证书 (PEM)")
    private_key = EncryptedTextField("私钥（加密保存）", purpose=SEAL_KEY_PURPOSE)
    serial = models.CharField("序列号", max_length=64, unique=True)
    fingerprint = models.CharField("SHA-256 指纹", max_length=64, unique=True)
    valid_from = models.DateTimeField("生效时间")
    valid_until = models.DateTimeField("失效时间")
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)
    revocation_reason = models.CharField("撤销原因", max_length=200, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="撤销人",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="制发人",
    )
    created_at = models.DateTimeField("制发时间", auto_now_add=True)

    class Meta:
        verbose_name = "电子印章"
        verbose_name_plural = "电子印章"
        ordering = ["agency_id", "-valid_from", "-id"]
        indexes = [models.Index(fields=["agency", "revoked_at"], name="seals_agency_revoked_idx")]

    def __str__(self) -> str:
        return f"{self.name}（{self.serial[:8]}）"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
