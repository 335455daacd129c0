"""The public chrome: 长辈版 switch, language switch, 我的 (/my/) and where a login lands."""

from __future__ import annotations

from django.conf import settings
from django.test import Client
from django.urls import reverse

from yiwang.core.notifications.models import Message
from yiwang.core.web.context_processors import ELDER_COOKIE
from yiwang.core.web.views import ELDER_COOKIE_MAX_AGE


def test_elder_mode_switch_sets_a_year_long_cookie_and_returns_to_the_page(client: Client, db: None) -> None:
    response = client.post(reverse("web:elder-mode"), {"enabled": "1", "next": "/zwdt/?page=2"})

    assert response.status_code == 302
    assert response["Location"] == "/zwdt/?page=2"
    cookie = response.cookies[ELDER_COOKIE]
    assert cookie.value == "1"
    assert int(cookie["max-age"]) == ELDER_COOKIE_MAX_AGE == 365 * 24 * 3600
    assert cookie["samesite"] == "Lax"


def test_elder_mode_switch_turns_off_with_zero(client: Client, db: None) -> None:
    client.cookies[ELDER_COOKIE] = "1"

    response = client.post(reverse("web:elder-mode"), {"enabled": "0", "next": "/"})

    assert response.cookies[ELDER_COOKIE].value == "0"


def test_elder_mode_switch_never_redirects_off_site(client: Client, db: None) -> None:
    response = client.post(reverse("web:elder-mode"), {"enabled": "1", "next": "https://evil.example/"})

    assert response["Location"] == "/"


def test_elder_mode_switch_falls_back_to_the_referring_page(client: Client, db: None) -> None:
    response = client.post(reverse("web:elder-mode"), {"enabled": "1"}, HTTP_REFERER="http://testserver/my/")

    assert response["Location"] == "http://testserver/my/"


def test_elder_mode_switch_refuses_get(client: Client, db: None) -> None:
    assert client.get(reverse("web:elder-mode"), {"enabled": "1"}).status_code == 405


def test_elder_cookie_puts_every_page_in_elder_mode(client: Client, db: None) -> None:
    client.cookies[ELDER_COOKIE] = "1"

    html = client.get("/no-such-page/").content.decode()

    assert 'class="elder"' in html
    assert "退出长辈版" in html


def test_public_layout_has_landmarks_skip_link_and_language(client: Client, db: None) -> None:
    html = client.get("/no-such-page/").content.decode()

    assert '<html lang="zh-hans"' in html
    assert '<a class="skip-link" href="#main">跳到主要内容</a>' in html
    assert '<main id="main"' in html
    assert '<nav class="main-nav" aria-label="主导航">' in html
    assert "<header" in html and "<footer" in html
    assert 'name="language" value="en"' in html


def test_language_switch_to_english_translates_the_chrome(client: Client, db: None) -> None:
    response = client.post(reverse("web:set-language"), {"language": "en", "next": "/my/"})
    assert response.status_code == 302
    assert response["Location"] == "/my/"

    html = client.get("/no-such-page/").content.decode()

    assert '<html lang="en"' in html
    assert "Skip to main content" in html
    assert "Senior mode" in html
    assert "Page not found" in html
    assert 'name="language" value="zh-hans"' in html


def test_my_page_requires_login(client: Client, db: None) -> None:
    response = client.get(reverse("web:my"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_my_page_shows_the_citizens_profile_and_unread_messages(client: Client, world) -> None:  # type: ignore[no-untyped-def]
    Message.objects.create(recipient=world.citizen, template_code="test", title="您的申请已受理")
    Message.objects.create(recipient=world.citizen, template_code="test", title="已读的", read_at="2026-01-01T00:00Z")
    Message.objects.create(recipient=world.enterprise, template_code="test", title="别人的")
    client.force_login(world.citizen)

    response = client.get(reverse("web:my"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "张伟" in html
    assert "个人" in html  # 账户类型
    assert '<p data-testid="unread-count">1 条未读消息</p>' in html
    assert reverse("notifications:box") in html
    assert 'class="unread-badge"' in html  # the header shows the count on every page


def test_after_login_sends_citizens_to_their_home(client: Client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.citizen)

    response = client.get(reverse(settings.LOGIN_REDIRECT_URL))

    assert response.status_code == 302
    assert response["Location"] == reverse("web:my")


def test_after_login_sends_enterprises_to_their_home(client: Client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.enterprise)

    assert client.get(reverse("web:after-login"))["Location"] == reverse("web:my")


def test_after_login_sends_staff_to_the_workspace(login, world) -> None:  # type: ignore[no-untyped-def]
    client = login(world.city_clerk)

    response = client.get(reverse("web:after-login"))

    assert response["Location"] == reverse("wagtailadmin_home") == "/staff/"


def test_after_login_requires_login(client: Client, db: None) -> None:
    assert client.get(reverse("web:after-login")).status_code == 302


def test_logout_goes_to_the_portal_home() -> None:
    assert settings.LOGOUT_REDIRECT_URL == "/"
