"""The second factor for staff (双因素认证, GB/T 22239 L3-CES1-04): TOTP (RFC 6238) through
django-otp. Every staff member enrols an authenticator app at first login and passes it at
every login; there is no bypass. In development (`SHOW_DEMO_SECRETS`) the demo secrets can be
printed and shown so that reviewers can sign in as any demo user.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import segno
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from yiwang.core.audit import services as audit
from yiwang.core.permissions.access import can

from .models import User

DEVICE_NAME = "身份验证器"
ISSUER = "一网"


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


def pending_device(user: User) -> TOTPDevice:
    """The unconfirmed device being enrolled (created on first visit, reused on reload)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def ensure_totp_device(user: User, *, secret_hex: str | None = None) -> TOTPDevice:
    """A confirmed TOTP device for `user`, created if missing. With `secret_hex` (40 hex digits =
    20 bytes) the device gets that exact key — demo loaders use this to create staff with known
    secrets. Idempotent."""
    with transaction.atomic():
        device = confirmed_device(user)
        created = device is None
        if device is None:
            device = TOTPDevice(user=user, name=DEVICE_NAME, confirmed=True, key=secret_hex or default_key())
            device.save()
        elif secret_hex and device.key != secret_hex:
            device.key = secret_hex
            device.save(update_fields=["key"])
        else:
            return device
        audit.record(
            event="accounts.totp_enrol",
            actor_label="loader",
            obj=user,
            detail={"device": device.pk, "created": created, "by": "ensure_totp_device"},
        )
    return device


def secret_base32(device: TOTPDevice) -> str:
    """The key as authenticator apps take it when typed by hand."""
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def current_code(device: TOTPDevice) -> str:
    """The code the device shows now (for tests and the development-only demo hint)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def otpauth_url(device: TOTPDevice) -> str:
    """otpauth://totp/一网:username?secret=…&issuer=一网 (Key Uri Format), issuer named for the app list."""
    label = quote(f"{ISSUER}:{device.user.get_username()}")
    params = urlencode({"secret": secret_base32(device), "digits": device.digits, "period": device.step})
    return f"otpauth://totp/{label}?{params}&issuer={quote(ISSUER)}"


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as an inline SVG QR code (segno; no external service, no image file)."""
    qr = segno.make(otpauth_url(device), error="m")
    return str(qr.svg_inline(scale=4, title="动态口令绑定二维码"))


def confirm_enrolment(*, user: User, device: TOTPDevice, token: str, ip: str | None) -> bool:
    """Confirm a pending device with a first code from the app; audited either way."""
    ok = device.user_id == user.pk and device.verify_token(token.strip())
    with transaction.atomic():
        if ok:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user, confirmed=False).exclude(pk=device.pk).delete()
        audit.record(
            event="accounts.totp_enrol",
            actor=user,
            obj=user,
            ip=ip,
            result="success" if ok else "failure",
            detail={"device": device.pk},
        )
    return bool(ok)


def verify_totp(*, user: User, token: str) -> TOTPDevice | None:
    """The confirmed device that accepts `token`, or None (django-otp also throttles retries)."""
    device = confirmed_device(user)
    if device is None:
        return None
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        return None
    return device if device.verify_token(token.strip()) else None


def reset_second_factor(*, actor: User, user: User, ip: str | None = None) -> int:
    """A staff member lost their phone: the system administrator removes their devices and they
    enrol a new authenticator at next login (with their password). Static recovery codes are not
    offered: django-otp keeps them in clear, and authentication data is encrypted at rest here."""
    if not can(actor, "core.manage_users"):
        raise PermissionDenied("只有系统管理员可以重置动态口令。 (Only the system administrator.)")
    if actor.pk == user.pk:
        raise PermissionDenied("不能重置自己的动态口令。 (Not your own second factor.)")
    with transaction.atomic():
        deleted, _ = TOTPDevice.objects.filter(user=user).delete()
        audit.record(event="accounts.totp_reset", actor=actor, obj=user, ip=ip, detail={"devices_removed": deleted})
    return int(deleted)


@dataclass(frozen=True)
class DemoSecret:
    username: str
    display_name: str
    admin_role: str
    secret_base32: str
    secret_hex: str
    otpauth_url: str

    def current_code(self) -> str:
        device = TOTPDevice(key=self.secret_hex)
        return current_code(device)


def show_demo_secrets() -> bool:
    return bool(settings.YIWANG_SECURITY.get("SHOW_DEMO_SECRETS", False))


def list_demo_secrets() -> list[DemoSecret]:
    """Every staff user's TOTP secret, for `make run` to print — only when SHOW_DEMO_SECRETS
    (development settings); always empty in production."""
    if not show_demo_secrets():
        return []
    devices = (
        TOTPDevice.objects.filter(confirmed=True, user__kind=User.Kind.STAFF, user__is_active=True)
        .select_related("user")
        .order_by("user__username", "id")
    )
    seen: set[int] = set()
    secrets: list[DemoSecret] = []
    for device in devices:
        if device.user_id in seen:
            continue
        seen.add(device.user_id)
        user = device.user
        secrets.append(
            DemoSecret(
                username=user.get_username(),
                display_name=user.display_name,
                admin_role=user.admin_role,
                secret_base32=secret_base32(device),
                secret_hex=device.key,
                otpauth_url=otpauth_url(device),
            )
        )
    return secrets
