"""Template context shared by every page: site name, 长辈版 mode."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest

ELDER_COOKIE = "yw_elder"


def site_context(request: HttpRequest) -> dict[str, Any]:
    return {
        "YIWANG_SITE_NAME": settings.YIWANG_SITE_NAME,
        "elder_mode": request.COOKIES.get(ELDER_COOKIE) == "1",
    }
