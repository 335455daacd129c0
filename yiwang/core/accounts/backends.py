"""Authentication backend that counts failures and refuses locked accounts (GB/T 22239 L3-CES1-02).

One login page serves citizens, enterprises and staff: the login name may be a username, an
email address, a mobile number or a 统一社会信用代码. While an account is locked even the right
password fails. Why a login failed is left on the request (`LOGIN_REFUSAL_ATTR`) for the form.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from yiwang.core.web.http import client_ip

from . import selectors, services
from .models import User

LOGIN_REFUSAL_ATTR = "yiwang_login_refusal"


@dataclass(frozen=True)
class LoginRefusal:
    reason: str  # "password" | "locked" | "unknown_account" | "inactive" | "reserved"
    locked_until: datetime | None = None


def _refuse(request: HttpRequest | None, refusal: LoginRefusal) -> None:
    if request is not None:
        setattr(request, LOGIN_REFUSAL_ATTR, refusal)


class LockoutAwareBackend(ModelBackend):
    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        if username is None or password is None:
            return None  # another kind of login (OIDC callback): not ours
        ip = client_ip(request) if request is not None else None
        user = selectors.find_user_for_login(username)
        if user is None:
            User().set_password(password)  # same work as a real check, so timing does not reveal names
            services.record_unknown_login(identifier=username, ip=ip)
            _refuse(request, LoginRefusal("unknown_account"))
            return None
        if selectors.is_locked(user):
            until = services.register_login_failure(user=user, ip=ip, reason="password")
            _refuse(request, LoginRefusal("locked", until))
            return None
        if not user.check_password(password):
            until = services.register_login_failure(user=user, ip=ip, reason="password")
            _refuse(request, LoginRefusal("locked" if until else "password", until))
            return None
        if not self.user_can_authenticate(user):
            services.record_login_refused(user=user, ip=ip, reason="inactive")
            _refuse(request, LoginRefusal("inactive"))
            return None
        if user.get_username().lower() in services.RESERVED_USERNAMES and not settings.YIWANG_SECURITY.get(
            "SHOW_DEMO_SECRETS"
        ):
            # L3-CES1-06: a default account name must not work outside development.
            services.record_login_refused(user=user, ip=ip, reason="reserved_username")
            _refuse(request, LoginRefusal("reserved"))
            return None
        return user
