"""诉求 tables: the configurable category tree (诉求分类) and the ticket (工单)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from yiwang.core.privacy.fields import EncryptedTextField, KeyedHashField


class Category(models.Model):
    """诉求分类 — a node of the configurable classification tree (GB/T 39666 codes are unverified,
    domain-rules §5.1, so the tree is data the hotline office maintains)."""

    parent = models.ForeignKey(
        "self", verbose_name="上级分类", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    code = models.CharField("分类代码", max_length=16, unique=True)
    name = models.CharField("分类名称", max_length=50)
    active = models.BooleanField("启用", default=True)
    # Empty: the platform default (5 working days, domain-rules §5.2/§5.3).
    time_limit_days = models.PositiveSmallIntegerField("默认办理时限（工作日）", null=True, blank=True)

    class Meta:
        verbose_name = "诉求分类"
        verbose_name_plural = "诉求分类"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Ticket(models.Model):
    """工单 — one citizen request, whatever channel it came in by (GB/T 33358-2016 工单)."""

    class Channel(models.TextChoices):
        MAYOR_MAILBOX = "mayor_mailbox", "市长信箱"
        MAYOR_LINE = "mayor_line", "市长专线"
        CONDUCT_LINE = "conduct_line", "行风热线"
        ONLINE_CONSULTATION = "online_consultation", "在线咨询"
        HOTLINE_12345 = "hotline_12345", "12345热线"
        API = "api", "API"

    class Kind(models.TextChoices):
        CONSULTATION = "consultation", "咨询"
        HELP = "help", "求助"
        COMPLAINT = "complaint", "投诉"
        SUGGESTION = "suggestion", "建议"
        REPORT = "report", "举报"
        OTHER = "other", "其他"

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "待审查"
        ACCEPTED = "accepted", "待处理"
        RETURNED = "returned", "已退单"
        HANDLING = "handling", "办理中"
        REPLIED = "replied", "已答复"
        CLOSED = "closed", "已办结"

    query_code = models.CharField("查询码", max_length=10, unique=True, editable=False)
    channel = models.CharField("渠道", max_length=24, choices=Channel.choices)
    kind = models.CharField("诉求类型", max_length=16, choices=Kind.choices)
    category = models.ForeignKey(Category, verbose_name="诉求分类", on_delete=models.PROTECT, related_name="tickets")
    title = models.CharField("标题", max_length=50)
    content = models.TextField("诉求内容")
    address = EncryptedTextField("事发地址", purpose="address", blank=True, default="")
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    wants_public = models.BooleanField("同意公开", default=False)  # 公开意愿: replies published only on opt-in
    confidential = models.BooleanField("要求保密", default=False)  # 保密: GB/T 33358 — kept confidential on request
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提交人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tickets",
    )
    contact_name = EncryptedTextField("联系人", purpose="name")
    contact_phone = EncryptedTextField("联系电话", purpose="phone")
    contact_phone_hash = KeyedHashField()
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    # 派单: the 主办 agency answers the citizen; 协办 agencies help. Set by services.dispatch_ticket.
    agency = models.ForeignKey(
        "orgs.Agency", verbose_name="主办单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    co_agencies = models.ManyToManyField("orgs.Agency", verbose_name="协办单位", blank=True, related_name="+")
    # After a 退单 the dispatcher decides; the agency then assigned may not return it again (§5.2).
    return_closed = models.BooleanField("争议已裁定（不得再退单）", default=False)
    # 办理时限: copied from the calendar service's clock (kind "handling") so the list filters on it.
    due_at = models.DateTimeField("办理期限", null=True, blank=True)
    process_id = models.CharField("办理流程", max_length=64, blank=True, default="")
    # 答复: drafted by the 主办 agency's clerk, shown to the citizen once its leader approved it.
    reply = models.TextField("答复内容", blank=True, default="")
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    # 合并: a duplicate is closed pointing at the ticket that answers it (services.handling_control).
    merged_into = models.ForeignKey(
        "self", verbose_name="合并至", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_tickets"
    )
    # 督办: set by the overdue sweep or by the dispatcher by hand; the staff list filters on it.
    supervised_at = models.DateTimeField("督办时间", null=True, blank=True, db_index=True)
    supervision_note = models.CharField("督办说明", max_length=300, blank=True, default="")
    # 防滥用 (services.intake_guard): the web form proved the phone by one-time code; a sensitive
    # word flags the ticket 待审核 for staff — it is never dropped.
    phone_verified = models.BooleanField("电话已验证", default=False)
    needs_review = models.BooleanField("待审核", default=False)
    review_reason = models.CharField("待审核原因", max_length=200, blank=True, default="")

    class Meta:
        verbose_name = "诉求工单"
        verbose_name_plural = "诉求工单"
        ordering = ["-created_at", "-id"]
        indexes = [
            # The staff list's default order: the first page of a million tickets without a sort.
            models.Index(fields=["-created_at", "-id"], name="tickets_ticket_newest"),
            models.Index(fields=["citizen", "-created_at"], name="tickets_ticket_citizen"),
            models.Index(fields=["status", "-created_at"], name="tickets_ticket_status"),
            models.Index(fields=["agency", "-created_at"], name="tickets_ticket_agency"),
            models.Index(fields=["due_at"], name="tickets_ticket_due"),
            models.Index(fields=["category", "-created_at"], name="tickets_ticket_category"),
            # The overdue sweep (督办) reads only tickets in handling not yet supervised.
            models.Index(
                fields=["due_at"],
                condition=models.Q(status="handling", supervised_at__isnull=True),
                name="tickets_ticket_unsupervised",
            ),
            models.Index(fields=["-created_at"], condition=models.Q(needs_review=True), name="tickets_ticket_review"),
        ]

    def __str__(self) -> str:
        return f"{self.query_code} {self.title}"


class Assignment(models.Model):
    """派单记录 — one dispatch of a ticket to its 主办 agency, and its 退单 if the agency returned it."""

    ticket = models.ForeignKey(Ticket, verbose_name="工单", on_delete=models.CASCADE, related_name="assignments")
    agency = models.ForeignKey("orgs.Agency", verbose_name="主办单位", on_delete=models.PROTECT, related_name="+")
    dispatched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="派单人", on_delete=models.PROTECT, related_name="+"
    )
    dispatched_at = models.DateTimeField("派单时间")
    note = models.CharField("派单说明", max_length=300, blank=True, default="")
    # 退单 is possible until the end of the next working day (calendar service); None: unknown year.
    return_until = models.DateTimeField("退单截止", null=True, blank=True)
    returned_at = models.DateTimeField("退单时间", null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="退单人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    return_reason = models.CharField("退单理由", max_length=500, blank=True, default="")
    # 改派: the dispatcher moved the ticket from the previous agency while it was in handling.
    reassigned = models.BooleanField("改派", default=False)

    class Meta:
        verbose_name = "派单记录"
        verbose_name_plural = "派单记录"
        ordering = ["ticket", "dispatched_at", "id"]

    def __str__(self) -> str:
        return f"{self.ticket_id} → {self.agency_id}"


from .handling_control import ExtensionRequest  # noqa: E402, F401
from .knowledge import KnowledgeArticle  # noqa: E402, F401
from .open311 import ApiKey, ServiceRequest  # noqa: E402, F401
from .publication import Publication  # noqa: E402, F401
from .rating import FollowUp, Rating, RatingAppeal  # noqa: E402, F401
