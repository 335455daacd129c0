"""Login through the provincial identity provider (省级统一身份认证平台) with OpenID Connect.

Enabled when OIDC_RP_CLIENT_ID is set (settings add this backend and accounts/urls.py mounts
the endpoints). The provider vouches for a person; it does not create staff: the claims must
match an existing, active staff account by username (`preferred_username`) or email. Staff
still pass the TOTP step afterwards (StaffSecurityMiddleware).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from yiwang.core.web.http import client_ip

from . import selectors, services
from .models import User


class StaffOIDCBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        staff = User.objects.filter(kind=User.Kind.STAFF, is_active=True)
        username = (claims.get("preferred_username") or "").strip()
        if username:
            by_name = staff.filter(username=username)
            if by_name.exists():
                return by_name
        email = (claims.get("email") or "").strip()
        if email:
            return staff.filter(email__iexact=email)
        return staff.none()

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get("preferred_username") or claims.get("email"))

    def create_user(self, claims: dict[str, Any]) -> None:
        # Never: staff accounts are created by the system administrator only.
        ip = client_ip(self.request) if getattr(self, "request", None) else None
        identifier = claims.get("preferred_username") or claims.get("email") or ""
        services.record_unknown_login(identifier=str(identifier), ip=ip)
        return None

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> User | None:
        user: User | None = super().get_or_create_user(access_token, id_token, payload)
        ip = client_ip(self.request) if getattr(self, "request", None) else None
        if user is None:
            return None
        if selectors.is_locked(user):
            services.register_login_failure(user=user, ip=ip, reason="oidc")
            return None
        services.record_password_step(user=user, ip=ip, factor="oidc")
        return user
