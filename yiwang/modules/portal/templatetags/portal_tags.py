"""Template tags the public layout uses to show each site's identity (网站标识) in its footer."""

from __future__ import annotations

from typing import Any

from django import template
from wagtail.models import Page, Site

from yiwang.modules.portal.models import SiteIdentity
from yiwang.modules.portal.selectors import identity_for_page

register = template.Library()


@register.simple_tag(takes_context=True)
def site_identity(context: template.Context) -> SiteIdentity | None:
    """The identity of the site serving this request, or None when no Wagtail site exists yet."""
    page = context.get("page")
    if isinstance(page, Page) and page.pk:
        # A sub-site's page reached by path on the city's host still shows its own site's footer.
        identity = identity_for_page(page)
        if identity is not None:
            return identity
    request: Any = context.get("request")
    if request is None:
        return None
    site = Site.find_for_request(request)
    if site is None:
        return None
    return SiteIdentity.for_request(request)
