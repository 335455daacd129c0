"""公开 — a ticket and its approved reply shown on the portal's 政民互动 column, personal data masked."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from . import Ticket


class Publication(models.Model):
    """来信公开 — the public copy of a consenting ticket and its latest approved reply.

    The text is stored already masked (name 王**, phone 138****1234, numbers inside the free text), so
    the public pages and the search index never read the encrypted personal data. The hotline office
    may withhold it (不予公开) with a reason; a withheld publication is not shown and is not
    re-published by a later approval.
    """

    class State(models.TextChoices):
        PUBLISHED = "published", "已公开"
        WITHHELD = "withheld", "不予公开"

    ticket = models.OneToOneField(Ticket, verbose_name="工单", on_delete=models.CASCADE, related_name="publication")
    state = models.CharField("公开状态", max_length=16, choices=State.choices, default=State.PUBLISHED)
    # Copied from the ticket so the public list filters without reading the ticket table.
    channel = models.CharField("渠道", max_length=24, choices=Ticket.Channel.choices)
    kind = models.CharField("诉求类型", max_length=16, choices=Ticket.Kind.choices)
    agency = models.ForeignKey(
        "orgs.Agency", verbose_name="答复部门", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("标题（已脱敏）", max_length=50)
    content = models.TextField("诉求内容（已脱敏）")
    reply = models.TextField("答复内容（已脱敏）", blank=True, default="")
    citizen_name = models.CharField("来信人（已脱敏）", max_length=50, blank=True, default="")
    citizen_phone = models.CharField("联系电话（已脱敏）", max_length=20, blank=True, default="")
    accepted_at = models.DateTimeField("受理日期")
    replied_at = models.DateTimeField("答复日期", null=True, blank=True)
    # Set by the system when first published (never back-dated); kept across later replies.
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    withheld_at = models.DateTimeField("不予公开时间", null=True, blank=True)
    withheld_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="决定人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withhold_reason = models.CharField("不予公开理由", max_length=300, blank=True, default="")

    class Meta:
        verbose_name = "来信公开"
        verbose_name_plural = "来信公开"
        ordering = ["-replied_at", "-id"]
        indexes = [
            models.Index(fields=["state", "-replied_at"], name="tickets_publication_list"),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.get_state_display()}"
