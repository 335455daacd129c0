"""Notification service (通知服务) — the one way any app tells a user something.

`notify()` writes the in-app messages in the caller's transaction and schedules email/SMS
delivery for after the commit: a rolled-back transaction sends nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from yiwang.core.audit import services as audit

from .gateways import mask_phone
from .models import Delivery, Message, NotificationPreference, NotificationTemplate
from .selectors import forget_unread_count
from .templates import get_source, render_source

logger = logging.getLogger("yiwang.notifications")

IN_APP = "in_app"
EMAIL = Delivery.Channel.EMAIL.value
SMS = Delivery.Channel.SMS.value
CHANNELS = (IN_APP, EMAIL, SMS)


def _config() -> dict[str, Any]:
    defaults: dict[str, Any] = {"MAX_ATTEMPTS": 5, "RETRY_BASE_SECONDS": 60, "RETRY_MAX_SECONDS": 3600}
    return {**defaults, **getattr(settings, "YIWANG_NOTIFICATIONS", {})}


def _object_url(obj: models.Model | None, context: dict[str, Any]) -> str:
    url = context.get("url")
    if url:
        return str(url)[:500]
    get_url = getattr(obj, "get_absolute_url", None)
    return str(get_url())[:500] if callable(get_url) else ""


def _email_text(body: str, url: str) -> str:
    if not url:
        return body
    base = str(getattr(settings, "WAGTAILADMIN_BASE_URL", "")).rstrip("/")
    link = url if url.startswith(("http://", "https://")) else f"{base}{url}"
    return f"{body}\n\n查看详情：{link}"


def _channels_for(user: Any, preference: NotificationPreference | None, requested: Sequence[str] | None) -> set[str]:
    if requested is not None:
        unknown = set(requested) - set(CHANNELS)
        if unknown:
            raise ValueError(f"unknown notification channel(s): {sorted(unknown)}")
        # The caller decided (e.g. a statutory notice that must go by SMS): preferences don't veto it.
        return {IN_APP, *requested}
    channels = {IN_APP}
    if preference is None or preference.email:
        channels.add(EMAIL)
    if preference is None or preference.sms:
        channels.add(SMS)
    return channels


def in_quiet_hours(preference: NotificationPreference | None, at: datetime) -> datetime | None:
    """If `at` falls in the user's quiet hours (local time), return when they end; else None."""
    if preference is None or preference.quiet_start is None or preference.quiet_end is None:
        return None
    start, end = preference.quiet_start, preference.quiet_end
    if start == end:
        return None
    local = timezone.localtime(at)
    now_t = local.time()
    inside = (start <= now_t < end) if start < end else (now_t >= start or now_t < end)
    if not inside:
        return None
    end_at = local.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
    if end_at <= local:
        end_at += timedelta(days=1)
    return end_at


def notify(
    *,
    recipients: Iterable[Any],
    template: str,
    context: dict[str, Any],
    obj: models.Model | None = None,
    channels: Sequence[str] | None = None,
    actor: Any = None,
) -> None:
    """Tell each recipient: an in-app message now (in the caller's transaction), email and SMS
    after commit. `channels` None means each recipient's preferences; the message box is always on.
    The template's context also gets `recipient` and `obj`. `actor` (optional) is who caused it,
    for the audit entry.
    """
    source = get_source(template)  # fail early on an unknown template, before writing anything
    if channels is not None:
        _channels_for(None, None, channels)  # validates the names
    users = list({u.pk: u for u in recipients if u is not None and getattr(u, "pk", None)}.values())
    if not users:
        return
    preferences = {p.user_id: p for p in NotificationPreference.objects.filter(user_id__in=[u.pk for u in users])}
    content_type = ContentType.objects.get_for_model(obj) if obj is not None else None
    url = _object_url(obj, context)
    now = timezone.now()
    messages: list[Message] = []
    deliveries: list[Delivery] = []
    for user in users:
        title, body, sms_text = render_source(source, {**context, "recipient": user, "obj": obj})
        message = Message(
            recipient=user,
            template_code=template,
            title=title,
            body=body,
            url=url,
            content_type=content_type,
            object_id=str(obj.pk) if obj is not None else "",
        )
        messages.append(message)
        preference = preferences.get(user.pk)
        wanted = _channels_for(user, preference, channels)
        if EMAIL in wanted and user.email:
            deliveries.append(
                Delivery(
                    message=message,
                    channel=EMAIL,
                    address=user.email,
                    subject=title,
                    text=_email_text(body or title, url),
                )
            )
        phone = getattr(user, "phone", "") or ""
        if SMS in wanted and phone and sms_text:
            deliveries.append(
                Delivery(
                    message=message,
                    channel=SMS,
                    address=mask_phone(phone),
                    text=sms_text,
                    next_attempt_at=in_quiet_hours(preference, now),
                )
            )
    with transaction.atomic():
        Message.objects.bulk_create(messages)
        created = Delivery.objects.bulk_create(deliveries)
        audit.record(
            event="notifications.notify",
            actor=actor,
            obj=obj,
            detail={"template": template, "recipients": len(users), "deliveries": len(created)},
        )
        ids = [d.pk for d in created]
        if ids:
            transaction.on_commit(lambda: enqueue_deliveries(ids))


def send_sms(
    *, phone: str, template: str, context: dict[str, Any], obj: models.Model | None = None, actor: Any = None
) -> None:
    """Text a bare phone number — someone without an account (e.g. an anonymous citizen who proved
    the number with a one-time code). Like `notify`, the delivery is written in the caller's
    transaction and sent after the commit, logged and retried; the number is kept encrypted and
    only masked in the log. Nothing is sent when the template has no SMS text."""
    source = get_source(template)
    phone = (phone or "").strip()
    if not phone:
        return
    _title, _body, sms_text = render_source(source, {**context, "recipient": None, "obj": obj})
    if not sms_text:
        return
    with transaction.atomic():
        delivery = Delivery.objects.create(
            message=None,
            channel=SMS,
            address=mask_phone(phone),
            phone=phone,
            template_code=template,
            text=sms_text,
        )
        audit.record(
            event="notifications.send_sms",
            actor=actor,
            obj=obj,
            detail={"template": template, "to": mask_phone(phone), "delivery": delivery.pk},
        )
        transaction.on_commit(lambda: enqueue_deliveries([delivery.pk]))


def enqueue_deliveries(delivery_ids: Sequence[int]) -> None:
    """Hand deliveries to the task queue (called after commit). A failure to enqueue is logged;
    the retry sweeper picks the delivery up later, so nothing is lost."""
    from .tasks import deliver

    backend = deliver.get_backend()
    for delivery in Delivery.objects.filter(pk__in=list(delivery_ids), status=Delivery.Status.QUEUED):
        try:
            if delivery.next_attempt_at and delivery.next_attempt_at > timezone.now():
                if backend.supports_defer:
                    deliver.using(run_after=delivery.next_attempt_at).enqueue(delivery_id=delivery.pk)
                continue  # without deferral support the sweeper sends it when it is due
            deliver.enqueue(delivery_id=delivery.pk)
        except Exception:
            logger.exception("could not enqueue delivery %s; the sweeper will retry", delivery.pk)


def _retry_delay(attempts: int) -> timedelta:
    config = _config()
    seconds = min(config["RETRY_BASE_SECONDS"] * 2 ** max(attempts - 1, 0), config["RETRY_MAX_SECONDS"])
    return timedelta(seconds=seconds)


def send_delivery(*, delivery_id: int) -> Delivery:
    """Send one delivery once. Idempotent: only a queued, due delivery is claimed (an atomic
    conditional UPDATE), so a delivery that was sent — or is being sent by another worker — is
    never sent again. On failure it is re-queued with exponential backoff, up to MAX_ATTEMPTS."""
    from .tasks import deliver

    now = timezone.now()
    due = models.Q(next_attempt_at__isnull=True) | models.Q(next_attempt_at__lte=now)
    claimed = Delivery.objects.filter(due, pk=delivery_id, status=Delivery.Status.QUEUED).update(
        status=Delivery.Status.SENDING, claimed_at=now, attempts=models.F("attempts") + 1
    )
    delivery = Delivery.objects.select_related("message__recipient").get(pk=delivery_id)
    if not claimed:
        return delivery
    try:
        _send(delivery)
    except Exception as exc:
        delivery.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if delivery.attempts >= _config()["MAX_ATTEMPTS"]:
            delivery.status = Delivery.Status.FAILED
            delivery.next_attempt_at = None
            logger.error("delivery %s failed for good after %s attempts: %s", delivery.pk, delivery.attempts, exc)
        else:
            delivery.status = Delivery.Status.QUEUED
            delivery.next_attempt_at = timezone.now() + _retry_delay(delivery.attempts)
            logger.warning(
                "delivery %s attempt %s failed, retry at %s: %s",
                delivery.pk,
                delivery.attempts,
                delivery.next_attempt_at,
                exc,
            )
        delivery.save(update_fields=["status", "last_error", "next_attempt_at"])
        audit.record(
            event="notifications.delivery_failed",
            obj=delivery,
            result="failure",
            detail={"channel": delivery.channel, "attempts": delivery.attempts, "error": delivery.last_error},
        )
        if delivery.status == Delivery.Status.QUEUED and deliver.get_backend().supports_defer:
            deliver.using(run_after=delivery.next_attempt_at).enqueue(delivery_id=delivery.pk)
        return delivery
    delivery.status = Delivery.Status.SENT
    delivery.sent_at = timezone.now()
    delivery.last_error = ""
    delivery.save(update_fields=["status", "sent_at", "last_error"])
    logger.info("delivery %s sent by %s to %s", delivery.pk, delivery.channel, delivery.address)
    return delivery


def _send(delivery: Delivery) -> None:
    from django.core.mail import send_mail

    from .gateways import get_sms_gateway

    recipient = delivery.message.recipient if delivery.message is not None else None
    if delivery.channel == Delivery.Channel.EMAIL:
        send_mail(delivery.subject, delivery.text, None, [delivery.address], fail_silently=False)
    elif delivery.channel == Delivery.Channel.SMS:
        phone = delivery.phone or getattr(recipient, "phone", "") or ""
        if not phone:
            raise ValueError("接收人没有手机号码 (recipient has no phone number)")
        get_sms_gateway().send(phone=phone, text=delivery.text)
    else:
        raise ValueError(f"unknown channel {delivery.channel}")


def retry_due_deliveries(*, now: datetime | None = None, stale_after: timedelta = timedelta(minutes=10)) -> int:
    """The sweeper: enqueue queued deliveries that are due (their task was lost, or the backend
    cannot defer), and re-queue ones stuck in 'sending' (a worker died mid-send)."""
    now = now or timezone.now()
    Delivery.objects.filter(status=Delivery.Status.SENDING, claimed_at__lt=now - stale_after).update(
        status=Delivery.Status.QUEUED, next_attempt_at=now
    )
    due = Delivery.objects.filter(status=Delivery.Status.QUEUED).filter(
        models.Q(next_attempt_at__lte=now)
        | models.Q(next_attempt_at__isnull=True, created_at__lte=now - timedelta(minutes=1))
    )
    ids = list(due.values_list("pk", flat=True)[:500])
    if ids:
        enqueue_deliveries(ids)
    return len(ids)


def mark_read(*, user: Any, message: Message) -> Message:
    """Mark one of the user's own messages read (others' messages: PermissionError)."""
    if message.recipient_id != user.pk:
        raise PermissionError("只能标记自己的消息。")
    if message.read_at is None:
        with transaction.atomic():
            message.read_at = timezone.now()
            message.save(update_fields=["read_at"])
            audit.record(event="notifications.mark_read", actor=user, obj=message)
        forget_unread_count(user)
    return message


def mark_all_read(*, user: Any) -> int:
    """Mark every unread message of the user read; returns how many."""
    with transaction.atomic():
        count = Message.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
        if count:
            audit.record(event="notifications.mark_all_read", actor=user, detail={"count": count})
    forget_unread_count(user)
    return count


def set_preferences(
    *, user: Any, email: bool, sms: bool, quiet_start: time | None = None, quiet_end: time | None = None
) -> NotificationPreference:
    """Save the user's channel choices and quiet hours (免打扰)."""
    with transaction.atomic():
        preference, _ = NotificationPreference.objects.select_for_update().get_or_create(user=user)
        before = {
            "email": preference.email,
            "sms": preference.sms,
            "quiet_start": preference.quiet_start,
            "quiet_end": preference.quiet_end,
        }
        preference.email, preference.sms = email, sms
        preference.quiet_start, preference.quiet_end = quiet_start, quiet_end
        preference.save()
        audit.record(
            event="notifications.set_preferences",
            actor=user,
            obj=preference,
            detail={
                "before": before,
                "after": {"email": email, "sms": sms, "quiet_start": quiet_start, "quiet_end": quiet_end},
            },
        )
    return preference


# --- templates (通知模板) maintained by the system administrator --------------------------------


class TemplateInvalid(ValueError):
    pass


def _check_template_syntax(label: str, source: str) -> None:
    from django.template import TemplateSyntaxError, engines

    try:
        engines["django"].from_string(source)
    except TemplateSyntaxError as exc:
        raise TemplateInvalid(f"{label}的模板语法有误：{exc} (template syntax error)") from exc


def override_template(*, code: str, title: str, body: str, sms: str, user: Any) -> NotificationTemplate:
    """Save an administrator's wording for a registered template (wins over the code default)."""
    from .templates import registered_templates

    if code not in registered_templates():
        raise TemplateInvalid(f"通知模板 {code} 未注册。")
    for label, source in (("标题", title), ("正文", body), ("短信内容", sms)):
        _check_template_syntax(label, source)
    with transaction.atomic():
        existing = NotificationTemplate.objects.select_for_update().filter(code=code).first()
        before = {"title": existing.title, "body": existing.body, "sms": existing.sms} if existing else None
        template, _ = NotificationTemplate.objects.update_or_create(
            code=code, defaults={"title": title, "body": body, "sms": sms, "updated_by": user}
        )
        audit.record(
            event="notifications.override_template",
            actor=user,
            obj=template,
            detail={"before": before, "after": {"title": title, "body": body, "sms": sms}},
        )
    return template


def reset_template(*, code: str, user: Any) -> None:
    """Drop the override: the code default applies again."""
    with transaction.atomic():
        existing = NotificationTemplate.objects.select_for_update().filter(code=code).first()
        if existing is None:
            return
        audit.record(
            event="notifications.reset_template",
            actor=user,
            obj=existing,
            detail={"before": {"title": existing.title, "body": existing.body, "sms": existing.sms}, "after": None},
        )
        existing.delete()
