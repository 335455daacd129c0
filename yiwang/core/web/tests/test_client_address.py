"""The audit log records the citizen's address, not nginx's — and nobody can forge it."""

from __future__ import annotations

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory, override_settings

from yiwang.core.audit.models import AuditEntry
from yiwang.core.web.http import TrustedProxyMiddleware, client_ip


def seen_address(*, peer: str, real_ip: str | None) -> str | None:
    request = RequestFactory().get("/", REMOTE_ADDR=peer, **({"HTTP_X_REAL_IP": real_ip} if real_ip else {}))
    seen: dict[str, str | None] = {}

    def view(req: HttpRequest) -> HttpResponse:
        seen["ip"] = client_ip(req)
        return HttpResponse()

    TrustedProxyMiddleware(view)(request)
    return seen["ip"]


@override_settings(TRUSTED_PROXIES=["10.1.0.0/24", "127.0.0.1"])
def test_the_address_nginx_saw_is_used_when_the_request_comes_from_nginx() -> None:
    assert seen_address(peer="10.1.0.5", real_ip="203.0.113.9") == "203.0.113.9"
    assert seen_address(peer="127.0.0.1", real_ip="2001:db8::1") == "2001:db8::1"


@override_settings(TRUSTED_PROXIES=["10.1.0.0/24"])
def test_a_client_cannot_forge_its_address_with_the_header() -> None:
    assert seen_address(peer="198.51.100.7", real_ip="1.2.3.4") == "198.51.100.7"


@override_settings(TRUSTED_PROXIES=["10.1.0.0/24"])
def test_a_malformed_header_keeps_the_proxys_address() -> None:
    assert seen_address(peer="10.1.0.5", real_ip="not-an-address") == "10.1.0.5"


@pytest.mark.django_db
@override_settings(TRUSTED_PROXIES=["10.1.0.5"])
def test_a_failed_login_behind_nginx_is_audited_with_the_citizens_address(client) -> None:
    client.post(
        "/accounts/login/",
        {"username": "nobody", "password": "x"},
        REMOTE_ADDR="10.1.0.5",
        HTTP_X_REAL_IP="203.0.113.50",
    )
    entry = AuditEntry.objects.filter(event="accounts.login").latest("seq")
    assert (entry.result, entry.ip) == ("failure", "203.0.113.50")
