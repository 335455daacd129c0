"""In chromium with its virtual authenticator (DevTools WebAuthn domain): a staff member registers
a security key on their security page and signs in with it — no inline script, no CSP violation."""

from __future__ import annotations

import re
from typing import Any

import pytest

from yiwang.core.accounts import otp
from yiwang.core.accounts.models import SecurityKey
from yiwang.core.audit.models import AuditEntry
from yiwang.testing.factories import DEFAULT_PASSWORD, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def virtual_authenticator(page: Any) -> Any:
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": False,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return cdp


def csp_violations(page: Any) -> list[str]:
    found: list[str] = []
    page.on("console", lambda m: found.append(m.text) if "Content Security Policy" in m.text else None)
    return found


def log_in_with_password(page: Any, username: str) -> None:
    page.goto("/accounts/login/?next=/staff/")
    page.get_by_label("账号").fill(username)
    page.get_by_label("密码").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(re.compile(r"/accounts/otp/"))


def test_staff_registers_a_security_key_and_signs_in_with_it(page: Any, axe: Any) -> None:
    from playwright.sync_api import expect

    staff = StaffFactory(username="wangfang", display_name="王芳")
    device = otp.ensure_totp_device(staff)
    violations = csp_violations(page)
    virtual_authenticator(page)

    log_in_with_password(page, "wangfang")
    page.get_by_role("textbox", name="动态口令").fill(otp.current_code(device))
    page.get_by_role("button", name="验证动态口令").click()
    page.wait_for_url(re.compile(r"/staff/"))

    page.goto("/accounts/security/")
    axe(page)
    page.get_by_label("新密钥名称").fill("办公室U盾")
    page.get_by_role("button", name="登记新的安全密钥").click()
    expect(page.get_by_test_id("security-key")).to_contain_text("办公室U盾")
    assert SecurityKey.objects.filter(user=staff, name="办公室U盾").exists()
    axe(page)

    page.get_by_role("button", name="退出登录").click()
    log_in_with_password(page, "wangfang")
    expect(page.get_by_role("button", name="使用安全密钥验证")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="使用安全密钥验证").click()
    page.wait_for_url(re.compile(r"/staff/$"))
    login = AuditEntry.objects.filter(event="accounts.login", actor_id=staff.pk, result="success").latest("seq")
    assert login.detail["factors"] == ["password", "security_key"]
    assert violations == [], violations
