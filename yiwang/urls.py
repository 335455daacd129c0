"""URL map. Core services mount their own URLs; modules are mounted from their manifests;
Wagtail serves the portal's pages last (it catches every remaining path)."""

from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from yiwang.core.registry.registry import get_manifests
from yiwang.core.web.api import api

urlpatterns = [
    path("accounts/", include("yiwang.core.accounts.urls")),
    path("staff/", include(wagtailadmin_urls)),  # 工作台: the staff workspace (Wagtail admin shell)
    path("workspace/", include("yiwang.core.web.urls_staff")),
    path("calendar/", include("yiwang.core.calendar.urls")),
    path("files/", include("yiwang.core.files.urls")),
    path("notifications/", include("yiwang.core.notifications.urls")),
    path("search/", include("yiwang.core.search.urls")),
    path("documents/", include(wagtaildocs_urls)),
    path("api/", api.urls),
    path("", include("yiwang.core.web.urls")),
]

for manifest in get_manifests():
    if manifest.urls:
        urlpatterns.append(path(f"{manifest.url_prefix}/" if manifest.url_prefix else "", include(manifest.urls)))

urlpatterns.append(path("", include(wagtail_urls)))
