"""回访 and 好差评 tables: the citizen's rating of each round's reply (好差评), the hotline office's
follow-up call (回访记录) and the agency's appeal against a rating (差评申诉)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from . import Ticket


class RatingLevel(models.TextChoices):
    """The 5 levels of 好差评 (国办发〔2019〕51号, domain-rules §6.4); the last two are 差评."""

    VERY_SATISFIED = "very_satisfied", "非常满意"
    SATISFIED = "satisfied", "满意"
    BASICALLY_SATISFIED = "basically_satisfied", "基本满意"
    DISSATISFIED = "dissatisfied", "不满意"
    VERY_DISSATISFIED = "very_dissatisfied", "非常不满意"


SATISFIED_LEVELS = (RatingLevel.VERY_SATISFIED, RatingLevel.SATISFIED, RatingLevel.BASICALLY_SATISFIED)
DISSATISFIED_LEVELS = (RatingLevel.DISSATISFIED, RatingLevel.VERY_DISSATISFIED)


class Rating(models.Model):
    """好差评 — the citizen's rating of one round's reply ("一事一评"). A 差评 reopens the ticket for
    a new round; the rated reply is kept here, so every round stays visible."""

    class Source(models.TextChoices):
        MY_TICKETS = "mine", "我的诉求"
        LINK = "link", "评价链接（短信、查询）"

    ticket = models.ForeignKey(Ticket, verbose_name="工单", on_delete=models.CASCADE, related_name="ratings")
    round = models.PositiveSmallIntegerField("办理轮次")
    agency = models.ForeignKey(
        "orgs.Agency", verbose_name="主办单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reply = models.TextField("被评价的答复")
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    level = models.CharField("总体评价", max_length=24, choices=RatingLevel.choices)
    # Dimension code → level code (settings.YIWANG_TICKETS["RATING_DIMENSIONS"]).
    dimensions = models.JSONField("分项评价", default=dict, blank=True)
    comment = models.TextField("评价意见", blank=True, default="")
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="评价人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField("评价途径", max_length=8, choices=Source.choices)
    rated_at = models.DateTimeField("评价时间")
    # 申诉成立: the rating stays on record but is left out of the statistics.
    excluded = models.BooleanField("不计入统计", default=False)

    class Meta:
        verbose_name = "好差评"
        verbose_name_plural = "好差评"
        ordering = ["ticket", "round"]
        constraints = [models.UniqueConstraint(fields=["ticket", "round"], name="tickets_rating_one_per_round")]
        indexes = [
            models.Index(fields=["rated_at"], name="tickets_rating_rated_at"),
            models.Index(fields=["agency", "rated_at"], name="tickets_rating_agency"),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} #{self.round} {self.get_level_display()}"

    @property
    def is_dissatisfied(self) -> bool:
        return self.level in DISSATISFIED_LEVELS


class FollowUp(models.Model):
    """回访记录 — the hotline office's call to the citizen after a reply (mandatory for phone
    tickets, 潍坊市12345热线条例); a record of the call, never a rating."""

    ticket = models.ForeignKey(Ticket, verbose_name="工单", on_delete=models.CASCADE, related_name="follow_ups")
    round = models.PositiveSmallIntegerField("办理轮次")
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="回访人", on_delete=models.PROTECT, related_name="+"
    )
    reached = models.BooleanField("已联系上")
    note = models.CharField("回访情况", max_length=500, blank=True, default="")
    sent_rating_link = models.BooleanField("已发送评价短信", default=False)
    called_at = models.DateTimeField("回访时间")

    class Meta:
        verbose_name = "回访记录"
        verbose_name_plural = "回访记录"
        ordering = ["ticket", "called_at", "id"]

    def __str__(self) -> str:
        return f"{self.ticket_id} #{self.round} {'已联系上' if self.reached else '未联系上'}"


class RatingAppeal(models.Model):
    """差评申诉 — the 主办 agency asks the hotline office to set aside a rating it thinks mistaken
    or malicious (申诉复核, domain-rules §6.4)."""

    class Status(models.TextChoices):
        PENDING = "pending", "待复核"
        UPHELD = "upheld", "申诉成立"
        REJECTED = "rejected", "申诉不成立"

    rating = models.OneToOneField(Rating, verbose_name="评价", on_delete=models.CASCADE, related_name="appeal")
    agency = models.ForeignKey("orgs.Agency", verbose_name="申诉单位", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField("申诉理由")
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申诉人", on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField("申诉时间")
    status = models.CharField("复核结果", max_length=8, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="复核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("复核时间", null=True, blank=True)
    decision_note = models.CharField("复核意见", max_length=500, blank=True, default="")

    class Meta:
        verbose_name = "差评申诉"
        verbose_name_plural = "差评申诉"
        ordering = ["-filed_at", "-id"]
        indexes = [models.Index(fields=["status", "-filed_at"], name="tickets_appeal_status")]

    def __str__(self) -> str:
        return f"{self.rating_id} {self.get_status_display()}"
