"""The client's address, for audit entries and rate limits.

Behind nginx, REMOTE_ADDR is the proxy's address. `TrustedProxyMiddleware` (first in the
middleware list) replaces it with the `X-Real-IP` that nginx sets — only when the request
came from an address in TRUSTED_PROXIES, so a client cannot forge its address by sending the
header itself. Everything else reads the address with `client_ip(request)`.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from ipaddress import ip_address, ip_network
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def client_ip(request: Any) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


class TrustedProxyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.trusted = [ip_network(net, strict=False) for net in settings.TRUSTED_PROXIES]

    def _is_trusted(self, address: str) -> bool:
        try:
            peer = ip_address(address)
        except ValueError:
            return False
        return any(peer in network for network in self.trusted)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        peer = request.META.get("REMOTE_ADDR", "")
        forwarded = request.META.get("HTTP_X_REAL_IP", "").strip()
        if forwarded and self._is_trusted(peer):
            with suppress(ValueError):  # a malformed header keeps the proxy's address
                request.META["REMOTE_ADDR"] = str(ip_address(forwarded))
        return self.get_response(request)
