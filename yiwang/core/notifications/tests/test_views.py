from __future__ import annotations

import pytest

from yiwang.core.notifications import services
from yiwang.core.notifications.models import Message, NotificationPreference
from yiwang.testing.personas import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_messages(world: World, reply_template: str) -> list[Message]:
    services.notify(recipients=[world.citizen], template=reply_template, context={"number": "LY-1"})
    services.notify(recipients=[world.citizen], template=reply_template, context={"number": "LY-2"})
    services.notify(recipients=[world.enterprise], template=reply_template, context={"number": "OTHER"})
    return list(Message.objects.filter(recipient=world.citizen))


def test_the_message_box_lists_only_my_messages_with_the_unread_count(world: World, two_messages, login) -> None:
    html = login(world.citizen).get("/notifications/").content.decode()
    assert "您有 <strong>2</strong> 条未读消息" in html
    assert "您的留言 LY-1 已答复" in html and "LY-2" in html and "OTHER" not in html


def test_the_message_box_needs_a_login(client) -> None:
    response = client.get("/notifications/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_opening_a_message_marks_it_read(world: World, two_messages, login) -> None:
    response = login(world.citizen).get(f"/notifications/{two_messages[0].pk}/")
    assert response.status_code == 200 and "张伟，您好" in response.content.decode()
    two_messages[0].refresh_from_db()
    assert two_messages[0].is_read


def test_someone_elses_message_is_404(world: World, two_messages, login) -> None:
    client = login(world.enterprise)
    assert client.get(f"/notifications/{two_messages[0].pk}/").status_code == 404
    assert client.post(f"/notifications/{two_messages[0].pk}/read/").status_code == 404


def test_mark_read_with_htmx_returns_the_row_and_the_new_count(world: World, two_messages, login) -> None:
    response = login(world.citizen).post(f"/notifications/{two_messages[0].pk}/read/", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert f'id="message-{two_messages[0].pk}"' in html and "标为已读" not in html
    assert 'hx-swap-oob="true"' in html and "<strong>1</strong>" in html


def test_mark_read_without_javascript_redirects_back(world: World, two_messages, login) -> None:
    response = login(world.citizen).post(f"/notifications/{two_messages[0].pk}/read/")
    assert response.status_code == 302 and response["Location"] == "/notifications/"


def test_mark_all_read(world: World, two_messages, login) -> None:
    client = login(world.citizen)
    client.post("/notifications/read-all/")
    assert Message.objects.filter(recipient=world.citizen, read_at__isnull=True).count() == 0
    assert Message.objects.filter(recipient=world.enterprise, read_at__isnull=True).count() == 1


def test_unread_filter(world: World, two_messages, login) -> None:
    client = login(world.citizen)
    services.mark_read(user=world.citizen, message=two_messages[0])
    html = client.get("/notifications/?unread=1").content.decode()
    assert two_messages[1].title in html
    assert f'id="message-{two_messages[0].pk}"' not in html


def test_preferences_are_saved_and_bad_quiet_hours_are_explained(world: World, login) -> None:
    client = login(world.citizen)
    response = client.post("/notifications/preferences/", {"email": "on", "quiet_start": "22:00"})
    assert response.status_code == 200 and "同时填写" in response.content.decode()
    client.post("/notifications/preferences/", {"email": "on", "quiet_start": "22:00", "quiet_end": "07:00"})
    preference = NotificationPreference.objects.get(user=world.citizen)
    assert preference.email and not preference.sms and preference.quiet_end.hour == 7


def test_staff_see_their_messages_in_the_workspace(world: World, reply_template: str, login) -> None:
    services.notify(recipients=[world.city_clerk], template=reply_template, context={"number": "GD-9"})
    client = login(world.city_clerk)
    html = client.get("/staff/messages/").content.decode()
    assert "您的留言 GD-9 已答复" in html
    home = client.get("/staff/").content.decode()
    assert "消息（1 条未读）".encode("unicode_escape").decode() in home  # the sidebar menu (JSON props)
    assert "您有 1 条未读消息" in home  # the dashboard panel


def test_the_unread_badge_tag_shows_the_count_to_signed_in_users_only(world: World, two_messages, rf) -> None:
    from django.contrib.auth.models import AnonymousUser
    from django.template import Context, Template

    tpl = Template("{% load notifications_tags %}{% unread_badge %}")
    request = rf.get("/")
    request.user = world.citizen
    html = tpl.render(Context({"request": request}))
    assert "消息" in html and "（2" in html and 'hx-trigger="every 60s"' in html
    request.user = AnonymousUser()
    assert tpl.render(Context({"request": request})).strip() == ""


def test_the_unread_badge_endpoint(world: World, two_messages, login) -> None:
    assert "（2" in login(world.citizen).get("/notifications/unread-badge/").content.decode()


def test_the_workspace_home_counts_unread_messages_once(world, login) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(world.leader)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/staff/").status_code == 200
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper() and "notifications_message" in q["sql"]]
    assert len(counts) == 1
