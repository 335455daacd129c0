"""The staff page of Open311 接口密钥 (/staff/tickets/api-keys/): the hotline office creates a key —
shown once — and revokes it; others are refused."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from yiwang.modules.tickets.models import ApiKey
from yiwang.testing.personas import World

from .open311_support import grant_api_keys

pytestmark = pytest.mark.django_db

PAGE = "/staff/tickets/api-keys/"


def _denied(response: Any) -> bool:
    """Wagtail answers a refused workspace request by sending the user to the workspace home."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/staff/")


def test_the_dispatcher_creates_a_key_that_is_shown_once(world: World, login: Callable[[Any], Client]) -> None:
    grant_api_keys(world)
    client = login(world.dispatcher)
    response = client.post(PAGE, {"name": "伊春掌上12345", "contact": "李明 0458-3612345", "rate_limit": "600/m"})
    html = response.content.decode()
    key = ApiKey.objects.get()
    assert response.status_code == 200 and "密钥只显示这一次" in html
    raw = html.split('data-testid="raw-key"')[0].rsplit('value="', 1)[1].split('"', 1)[0]
    assert raw.startswith(key.prefix) and key.rate_limit == "600/m"
    assert raw not in client.get(PAGE).content.decode()


def test_a_bad_rate_is_refused_with_an_error_summary_and_the_input_kept(
    world: World, login: Callable[[Any], Client]
) -> None:
    grant_api_keys(world)
    response = login(world.dispatcher).post(PAGE, {"name": "伊春掌上12345", "rate_limit": "fast"})
    html = response.content.decode()
    assert response.status_code == 400 and "请修改以下问题" in html and 'href="#id_rate_limit"' in html
    assert 'value="伊春掌上12345"' in html and not ApiKey.objects.exists()


def test_the_dispatcher_revokes_a_key(world: World, login: Callable[[Any], Client]) -> None:
    grant_api_keys(world)
    client = login(world.dispatcher)
    client.post(PAGE, {"name": "伊春掌上12345"})
    key = ApiKey.objects.get()
    response = client.post(f"{PAGE}{key.pk}/revoke/")
    assert response.status_code == 302
    key.refresh_from_db()
    assert not key.active and key.revoked_by == world.dispatcher


def test_staff_without_the_verb_are_refused(world: World, login: Callable[[Any], Client]) -> None:
    grant_api_keys(world)
    client = login(world.city_clerk)
    assert _denied(client.get(PAGE))
    assert _denied(client.post(PAGE, {"name": "伊春掌上12345"}))
    assert not ApiKey.objects.exists()
