"""Notifications (通知): in-app messages (站内消息), their email/SMS deliveries, each user's
preferences, and admin-editable overrides of the message templates that apps register in code."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from yiwang.core.privacy.fields import EncryptedTextField


class NotificationTemplate(models.Model):
    """通知模板: an administrator's override of a template registered in code (same `code`)."""

    code = models.CharField("模板代码", max_length=100, unique=True)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文")
    sms = models.TextField("短信内容", blank=True, help_text="留空则不发送短信。")
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="修改人",
    )

    class Meta:
        verbose_name = "通知模板"
        verbose_name_plural = "通知模板"

    def __str__(self) -> str:
        return self.code


class Message(models.Model):
    """站内消息: one notification as the recipient sees it in the message box."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_messages", verbose_name="接收人"
    )
    template_code = models.CharField("模板代码", max_length=100)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文", blank=True)
    url = models.CharField("链接", max_length=500, blank=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    object_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = "站内消息"
        verbose_name_plural = "站内消息"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notif_msg_recipient_read")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Delivery(models.Model):
    """投递: one email or SMS for one message, sent by a task after the commit, retried with backoff.

    An SMS to a bare phone number (someone without an account, e.g. an anonymous citizen) has no
    message: its number is kept encrypted in `phone` and its template in `template_code`."""

    class Channel(models.TextChoices):
        EMAIL = "email", "电子邮件"
        SMS = "sms", "短信"

    class Status(models.TextChoices):
        QUEUED = "queued", "待发送"
        SENDING = "sending", "发送中"
        SENT = "sent", "已发送"
        FAILED = "failed", "发送失败"

    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries", verbose_name="消息"
    )
    phone = EncryptedTextField("手机号", purpose="delivery_phone", blank=True)
    template_code = models.CharField("模板代码", max_length=100, blank=True)
    channel = models.CharField("渠道", max_length=8, choices=Channel.choices)
    # Email addresses are kept; phone numbers only masked (designed invariant: phones encrypted at
    # rest) — the task reads the number from the recipient's encrypted field at send time.
    address = models.CharField("地址", max_length=254)
    subject = models.CharField("主题", max_length=200, blank=True)
    text = models.TextField("内容")
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    last_error = models.TextField("最近错误", blank=True)
    next_attempt_at = models.DateTimeField("下次尝试", null=True, blank=True)
    claimed_at = models.DateTimeField("开始发送", null=True, blank=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "消息投递"
        verbose_name_plural = "消息投递"
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="notif_delivery_due")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.address} ({self.get_status_display()})"


class NotificationPreference(models.Model):
    """通知偏好: which channels a user wants besides the message box (always on), and quiet hours
    (免打扰时段) during which SMS waits until the quiet period ends."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference", verbose_name="用户"
    )
    email = models.BooleanField("电子邮件通知", default=True)
    sms = models.BooleanField("短信通知", default=True)
    quiet_start = models.TimeField("免打扰开始", null=True, blank=True)
    quiet_end = models.TimeField("免打扰结束", null=True, blank=True)

    class Meta:
        verbose_name = "通知偏好"
        verbose_name_plural = "通知偏好"

    def __str__(self) -> str:
        return f"{self.user} 的通知偏好"
