"""User journeys in chromium: lockout, staff login with TOTP, idle timeout, registration."""

from __future__ import annotations

import re
import time
from importlib import import_module

import pytest
from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from yiwang.core.accounts import otp
from yiwang.core.accounts.middleware import LAST_ACTIVITY_KEY
from yiwang.core.accounts.models import User
from yiwang.testing.factories import DEFAULT_PASSWORD, StaffFactory, UserFactory

from .conftest import code_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, username: str, password: str) -> None:
    page.get_by_label("账号").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录", exact=True).click()


def test_five_wrong_passwords_lock_the_account_and_the_page_says_until_when(page, axe) -> None:
    UserFactory(username="liming")
    page.goto("/accounts/login/")
    axe(page)
    for _ in range(5):
        _log_in(page, "liming", "Wrong#pass1")
    alert = page.get_by_test_id("form-errors")
    user = User.objects.get(username="liming")
    from django.utils import timezone

    assert f"锁定至 {timezone.localtime(user.locked_until).strftime('%Y-%m-%d %H:%M')}" in alert.inner_text()
    assert page.get_by_label("账号").input_value() == "liming"  # input kept
    axe(page)
    _log_in(page, "liming", DEFAULT_PASSWORD)  # the right password while locked still fails
    assert "锁定至" in page.get_by_test_id("form-errors").inner_text()


def test_staff_enrols_totp_and_reaches_the_workspace(page, axe) -> None:
    staff = StaffFactory(username="wangfang", display_name="王芳")
    page.goto("/staff/")
    assert "/accounts/login/" in page.url
    _log_in(page, "wangfang", DEFAULT_PASSWORD)
    page.wait_for_url(re.compile(r"/accounts/otp/"))
    assert page.get_by_role("heading", name="绑定身份验证器").is_visible()
    axe(page)
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    assert page.get_by_test_id("otp-secret").inner_text() == otp.secret_base32(device)
    page.get_by_role("textbox", name="动态口令").fill(otp.current_code(device))
    page.get_by_role("button", name="完成绑定").click()
    page.wait_for_url(re.compile(r"/staff/"))
    assert "/accounts/" not in page.url


def test_staff_with_a_device_passes_totp_at_login(page, axe) -> None:
    staff = StaffFactory(username="wangfang")
    device = otp.ensure_totp_device(staff)
    page.goto("/accounts/login/?next=/staff/")
    _log_in(page, "wangfang", DEFAULT_PASSWORD)
    page.wait_for_url(re.compile(r"/accounts/otp/"))
    axe(page)
    page.get_by_role("textbox", name="动态口令").fill("000000" if otp.current_code(device) != "000000" else "111111")
    page.get_by_role("button", name="验证").click()
    assert "动态口令不正确" in page.content()
    axe(page)
    device.refresh_from_db()
    device.throttle_reset()  # django-otp delays the next try after a failure; not under test here
    page.get_by_role("textbox", name="动态口令").fill(otp.current_code(device))
    page.get_by_role("button", name="验证").click()
    page.wait_for_url(re.compile(r"/staff/$"))


def test_idle_staff_session_ends_with_a_notice(page, axe) -> None:
    staff = StaffFactory(username="wangfang")
    device = otp.ensure_totp_device(staff)
    page.goto("/accounts/login/?next=/staff/")
    _log_in(page, "wangfang", DEFAULT_PASSWORD)
    page.get_by_role("textbox", name="动态口令").fill(otp.current_code(device))
    page.get_by_role("button", name="验证").click()
    page.wait_for_url(re.compile(r"/staff/$"))

    # Move the session's last activity 31 minutes into the past.
    cookie = next(c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key=cookie["value"])
    store[LAST_ACTIVITY_KEY] = time.time() - 31 * 60
    store.save()

    page.goto("/staff/")
    page.wait_for_url(re.compile(r"/accounts/login/"))
    assert "因长时间未操作，已自动退出" in page.get_by_role("status").first.inner_text()
    axe(page)
    page.goto("/staff/")
    assert "/accounts/login/" in page.url


def test_citizen_registers_by_phone(page, axe, sms_outbox) -> None:
    page.goto("/accounts/register/")
    axe(page)
    page.get_by_label("手机号或电子邮箱").fill("13812341234")
    page.get_by_role("button", name="获取验证码").click()
    page.wait_for_url(re.compile(r"/accounts/register/verify/"))
    axe(page)
    page.get_by_label("验证码").fill(code_in(sms_outbox[0].text))
    page.get_by_label("姓名").fill("王小明")
    page.get_by_label("设置密码").fill("Lin#hai2026x")
    page.get_by_label("确认密码").fill("Lin#hai2026x")
    page.get_by_role("button", name="注册").click()
    page.wait_for_url(re.compile(r"/accounts/register/done/"))
    axe(page)
    username = page.get_by_test_id("new-username").inner_text()
    assert User.objects.get(username=username).display_name == "王小明"


def test_system_admin_creates_a_staff_account_in_the_workspace(page, axe, live_server, world) -> None:
    from yiwang.testing.auth import sign_in_browser

    sign_in_browser(page, live_server.url, world.system_admin)
    page.goto("/staff/accounts/")
    assert page.get_by_role("heading", name="工作人员账户").is_visible()
    axe(page)
    page.get_by_role("link", name="新建工作人员账户").click()
    axe(page)
    page.get_by_label("账户名").fill("zhaolei")
    page.get_by_label("姓名").fill("赵磊")
    page.get_by_role("button", name="创建").click()
    assert page.get_by_test_id("initial-password").inner_text()
    axe(page)
    assert User.objects.get(username="zhaolei").kind == User.Kind.STAFF
