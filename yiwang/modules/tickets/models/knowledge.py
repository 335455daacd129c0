"""知识库 — the hotline's knowledge base: answers an agency keeps for the operators, each with an
owner and a 复核日期 (国办发〔2020〕53号 and the local 12345 regulations: departments maintain the
知识库 and update it with new policies and replies, domain-rules §5.1/§5.2)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class KnowledgeArticle(models.Model):
    """知识库条目 — one answer (问题 and 答复口径) owned by a staff member of an agency."""

    agency = models.ForeignKey("orgs.Agency", verbose_name="所属单位", on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="负责人", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("标题", max_length=100)
    body = models.TextField("内容")  # plain text, shown with line breaks
    category = models.ForeignKey(
        "tickets.Category", verbose_name="诉求分类", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_on = models.DateField("复核日期")
    archived_at = models.DateTimeField("归档时间", null=True, blank=True)
    # 存入知识库 from a good reply: the ticket it was made from (its personal data is not copied).
    source_ticket = models.ForeignKey(
        "tickets.Ticket", verbose_name="来源工单", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "知识库条目"
        verbose_name_plural = "知识库条目"
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["agency", "review_on"], name="tickets_knowledge_agency"),
            models.Index(fields=["owner", "review_on"], name="tickets_knowledge_owner"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None
