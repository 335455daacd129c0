"""延期申请: an agency asks the hotline office for more time on a ticket it handles."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ExtensionRequest(models.Model):
    """延期申请 — the 主办 agency's clerk asks, the hotline office's dispatcher approves or refuses;
    only an approved request extends the handling clock (an agency never extends its own clock)."""

    class Status(models.TextChoices):
        PENDING = "pending", "待审批"
        APPROVED = "approved", "已批准"
        REFUSED = "refused", "不予批准"

    ticket = models.ForeignKey(
        "tickets.Ticket", verbose_name="工单", on_delete=models.CASCADE, related_name="extension_requests"
    )
    agency = models.ForeignKey("orgs.Agency", verbose_name="申请单位", on_delete=models.PROTECT, related_name="+")
    days = models.PositiveSmallIntegerField("延长工作日")
    reason = models.CharField("延期理由", max_length=500)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField("申请时间")
    status = models.CharField("审批状态", max_length=16, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=500, blank=True, default="")

    class Meta:
        verbose_name = "延期申请"
        verbose_name_plural = "延期申请"
        ordering = ["ticket", "requested_at", "id"]
        constraints = [
            # One open request at a time: the office decides before the agency asks again.
            models.UniqueConstraint(
                fields=["ticket"], condition=models.Q(status="pending"), name="tickets_one_pending_extension"
            )
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} +{self.days}"
