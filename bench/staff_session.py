"""Create a signed-in, second-factor-verified staff session for the benchmark and print its cookie.

Run by bench/run.py with the benchmark's environment (production settings, the bench database and
Redis), so the session lands exactly where gunicorn will look for it:

    python -m bench.staff_session [--username NAME]

It does what a real sign-in ends with — `django.contrib.auth.login` and `django_otp.login` with a
confirmed TOTP device — without typing a code, which a load generator cannot do. Nothing here is
reachable from the application; it only runs against a benchmark database.
Prints one JSON line: {"cookie": "sessionid=…", "username": …}.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from importlib import import_module
from typing import Any

# Demo staff from the reference deployment, most useful first (an inbox with content).
PREFERRED_USERNAMES = ("clerk", "leader", "dispatcher", "operator")
FALLBACK_USERNAME = "bench_staff"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--username", default=os.environ.get("BENCH_STAFF_USER", ""))
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yiwang.settings.production")
    import django

    django.setup()
    user = _pick_user(args.username)
    print(json.dumps(_open_session(user)))
    return 0


def _pick_user(username: str) -> Any:
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    if username:
        return user_model.objects.get(username=username)
    staff = user_model.objects.filter(is_active=True, kind="staff")
    for candidate in PREFERRED_USERNAMES:
        user = staff.filter(username=candidate).first()
        if user is not None:
            return user
    user = staff.order_by("pk").first()
    if user is not None:
        return user
    return _create_fallback_user(user_model)


def _create_fallback_user(user_model: Any) -> Any:
    """Before the reference deployment exists: a staff user who may open the workspace."""
    from django.contrib.auth.models import Permission

    user, _ = user_model.objects.get_or_create(
        username=FALLBACK_USERNAME,
        defaults={"kind": "staff", "is_staff": True, "display_name": "压测工作人员"},
    )
    access = Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin").first()
    if access is not None:
        user.user_permissions.add(access)
    return user


def _open_session(user: Any) -> dict[str, str]:
    from django.conf import settings
    from django.contrib.auth import login
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest
    from django_otp import login as otp_login
    from django_otp.plugins.otp_totp.models import TOTPDevice

    engine = import_module(settings.SESSION_ENGINE)
    request = HttpRequest()
    request.META["REMOTE_ADDR"] = "127.0.0.1"
    request.META["HTTP_USER_AGENT"] = "yiwang-bench"
    request.session = engine.SessionStore()
    request.user = AnonymousUser()  # login() replaces it only if the attribute exists; otp_login needs it
    login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    otp_login(request, device)
    if request.session.get("otp_device_id") != device.persistent_id:
        raise RuntimeError("second factor not recorded in the session")
    request.session.save()
    return {
        "cookie": f"{settings.SESSION_COOKIE_NAME}={request.session.session_key}",
        "username": user.get_username(),
    }


if __name__ == "__main__":
    sys.exit(main())
