"""安全密钥 (WebAuthn / FIDO2) — the cryptographic second factor for staff (GB/T 22239 L3-CES1-04).

Registration and sign-in are two round trips each: `begin_*` returns the options JSON for the
browser's `navigator.credentials` and keeps the challenge in the session; `finish_*` verifies the
browser's answer with py_webauthn. The relying party is this site: `WEBAUTHN_RP_ID` (a host
name) and `WEBAUTHN_ORIGINS` in production, the request's own host in development and tests.

Holders of a role the security administrator marked (RoleKeyRequirement) must use a key:
`key_required` decides, the staff middleware sends them to register one, and the second-factor
step then accepts only a key or a recovery code.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    AuthenticatorTransport,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from yiwang.core.audit import services as audit
from yiwang.core.orgs.models import Membership

from .models import RoleKeyRequirement, SecurityKey, User

REGISTER_CHALLENGE_KEY = "yiwang_webauthn_register"
AUTH_CHALLENGE_KEY = "yiwang_webauthn_authenticate"
MAX_KEYS = 10
NAME_MAX = 64


class SecurityKeyError(ValueError):
    """A key could not be registered or used; the message is shown as it is."""


def rp_id(request: HttpRequest) -> str:
    configured = getattr(settings, "WEBAUTHN_RP_ID", "")
    return configured or request.get_host().rsplit(":", 1)[0].strip("[]")


def expected_origins(request: HttpRequest) -> list[str]:
    configured = list(getattr(settings, "WEBAUTHN_ORIGINS", []) or [])
    return configured or [f"{request.scheme}://{request.get_host()}"]


def list_keys(user: User) -> list[SecurityKey]:
    return list(SecurityKey.objects.filter(user=user, confirmed=True).order_by("created_at", "id"))


def has_key(user: User) -> bool:
    return SecurityKey.objects.filter(user=user, confirmed=True).exists()


def key_required(user: User) -> bool:
    """Does one of the user's roles require a security key (set by the security administrator)?"""
    if user.kind != User.Kind.STAFF:
        return False
    roles = Membership.objects.filter(user=user).values("role_id")
    return RoleKeyRequirement.objects.filter(role_id__in=roles).exists()


def _descriptors(user: User) -> list[PublicKeyCredentialDescriptor]:
    descriptors = []
    for key in list_keys(user):
        transports = []
        for name in key.transports:
            try:
                transports.append(AuthenticatorTransport(name))
            except ValueError:
                continue
        descriptors.append(
            PublicKeyCredentialDescriptor(id=base64url_to_bytes(key.credential_id), transports=transports or None)
        )
    return descriptors


def begin_registration(request: HttpRequest, *, user: User) -> str:
    options = generate_registration_options(
        rp_id=rp_id(request),
        rp_name=settings.YIWANG_SITE_NAME,
        user_id=str(user.pk).encode(),
        user_name=user.get_username(),
        user_display_name=user.display_name or user.get_username(),
        exclude_credentials=_descriptors(user),
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.DISCOURAGED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
    )
    request.session[REGISTER_CHALLENGE_KEY] = bytes_to_base64url(options.challenge)
    return str(options_to_json(options))


def finish_registration(request: HttpRequest, *, user: User, credential: dict[str, Any], name: str) -> SecurityKey:
    challenge = request.session.pop(REGISTER_CHALLENGE_KEY, None)
    ip = request.META.get("REMOTE_ADDR")
    name = (name or "").strip()[:NAME_MAX] or "安全密钥"
    if not challenge:
        raise SecurityKeyError("注册已过期，请重新开始。 (Registration expired: start again.)")
    if SecurityKey.objects.filter(user=user).count() >= MAX_KEYS:
        raise SecurityKeyError(f"最多可登记 {MAX_KEYS} 个安全密钥。 (Too many keys.)")
    try:
        verified = verify_registration_response(
            credential=credential,
            expected_challenge=base64url_to_bytes(challenge),
            expected_rp_id=rp_id(request),
            expected_origin=expected_origins(request),
        )
    except (WebAuthnException, ValueError, KeyError, TypeError) as exc:
        audit.record(
            event="accounts.key_register",
            actor=user,
            obj=user,
            ip=ip,
            result="failure",
            detail={"error": str(exc)[:200]},
        )
        raise SecurityKeyError("安全密钥未能通过验证，请重试。 (The key could not be verified.)") from exc
    credential_id = bytes_to_base64url(verified.credential_id)
    if SecurityKey.objects.filter(credential_id=credential_id).exists():
        raise SecurityKeyError("该安全密钥已登记。 (Key already registered.)")
    transports = (credential.get("response") or {}).get("transports") or []
    with transaction.atomic():
        key = SecurityKey.objects.create(
            user=user,
            name=name,
            confirmed=True,
            credential_id=credential_id,
            public_key=verified.credential_public_key,
            sign_count=verified.sign_count,
            transports=[str(t) for t in transports][:8],
        )
        audit.record(event="accounts.key_register", actor=user, obj=user, ip=ip, detail={"key": key.pk, "name": name})
    return key


def begin_authentication(request: HttpRequest, *, user: User) -> str:
    descriptors = _descriptors(user)
    if not descriptors:
        raise SecurityKeyError("您尚未登记安全密钥。 (No security key registered.)")
    options = generate_authentication_options(
        rp_id=rp_id(request), allow_credentials=descriptors, user_verification=UserVerificationRequirement.PREFERRED
    )
    request.session[AUTH_CHALLENGE_KEY] = bytes_to_base64url(options.challenge)
    return str(options_to_json(options))


def finish_authentication(request: HttpRequest, *, user: User, credential: dict[str, Any]) -> SecurityKey | None:
    """The user's key that signed the challenge, or None (the failure is audited by the caller's
    lockout bookkeeping). The signature counter must grow when the authenticator keeps one: a
    counter that goes back means a cloned key."""
    challenge = request.session.pop(AUTH_CHALLENGE_KEY, None)
    if not challenge or not isinstance(credential, dict):
        return None
    key = SecurityKey.objects.filter(user=user, confirmed=True, credential_id=str(credential.get("id", ""))).first()
    if key is None:
        return None
    try:
        verified = verify_authentication_response(
            credential=credential,
            expected_challenge=base64url_to_bytes(challenge),
            expected_rp_id=rp_id(request),
            expected_origin=expected_origins(request),
            credential_public_key=bytes(key.public_key),
            credential_current_sign_count=key.sign_count,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError):
        return None
    key.sign_count = verified.new_sign_count
    key.last_used_at = timezone.now()
    key.save(update_fields=["sign_count", "last_used_at"])
    return key


def _own_key(user: User, key_id: int) -> SecurityKey:
    key = SecurityKey.objects.filter(user=user, pk=key_id).first()
    if key is None:
        raise PermissionDenied("这不是您的安全密钥。 (Not your key.)")
    return key


def rename_key(*, user: User, key_id: int, name: str, ip: str | None) -> SecurityKey:
    name = name.strip()[:NAME_MAX]
    if not name:
        raise SecurityKeyError("请填写密钥名称。 (Name required.)")
    with transaction.atomic():
        key = _own_key(user, key_id)
        before = key.name
        key.name = name
        key.save(update_fields=["name"])
        audit.record(
            event="accounts.key_rename",
            actor=user,
            obj=user,
            ip=ip,
            detail={"key": key.pk, "before": {"name": before}, "after": {"name": name}},
        )
    return key


def remove_key(*, user: User, key_id: int, ip: str | None) -> None:
    with transaction.atomic():
        key = _own_key(user, key_id)
        audit.record(event="accounts.key_remove", actor=user, obj=user, ip=ip, detail={"key": key.pk, "name": key.name})
        key.delete()


def parse_credential(body: bytes) -> tuple[dict[str, Any], str]:
    """The browser posts {"credential": …, "name": …} as JSON."""
    try:
        data = json.loads(body or b"{}")
    except ValueError as exc:
        raise SecurityKeyError("请求格式不正确。 (Malformed request.)") from exc
    if not isinstance(data, dict) or not isinstance(data.get("credential"), dict):
        raise SecurityKeyError("请求格式不正确。 (Malformed request.)")
    return data["credential"], str(data.get("name", ""))
