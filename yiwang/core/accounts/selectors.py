"""Reads for accounts (账户查询)."""

from __future__ import annotations

import re

from django.utils import timezone

from yiwang.core.privacy.crypto import keyed_hash, normalise

from .models import User

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


def is_mobile_number(value: str) -> bool:
    """中国大陆手机号 (11 digits starting 13–19), after removing spaces, dashes and +86."""
    return bool(MOBILE_RE.match(normalise(value, purpose="phone")))


def get_user_by_phone(phone: str) -> User | None:
    """Exact lookup through the keyed hash: the phone column itself is encrypted."""
    return User.objects.filter(phone_hash=keyed_hash(phone, purpose="phone")).first()


def get_user_by_email(email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip()).first()


def find_user_for_login(identifier: str) -> User | None:
    """The account a login name refers to: a username, an email address, a mobile number or
    (for enterprises) a 统一社会信用代码 — one page signs in every kind of user."""
    identifier = identifier.strip()
    if not identifier:
        return None
    user = User.objects.filter(username=identifier).first()
    if user is not None:
        return user
    if "@" in identifier:
        return get_user_by_email(identifier)
    if is_mobile_number(identifier):
        return get_user_by_phone(identifier)
    if len(identifier) == 18:
        return User.objects.filter(kind=User.Kind.ENTERPRISE, uscc=identifier.upper()).first()
    return None


def is_locked(user: User) -> bool:
    return bool(user.locked_until and user.locked_until > timezone.now())


def list_staff() -> list[User]:
    """Staff accounts for the administrators' screen, newest first (bounded)."""
    return list(User.objects.filter(kind=User.Kind.STAFF).order_by("-date_joined")[:500])
