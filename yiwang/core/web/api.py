"""The platform's HTTP API (django-ninja, OpenAPI 3 at /api/docs). Core routers are added here;
module routers come from their manifests."""

from django.utils.module_loading import import_string
from ninja import NinjaAPI

from yiwang.core.registry.registry import get_manifests

api = NinjaAPI(title="一网 Yiwang API", version="1", urls_namespace="api")

for _manifest in get_manifests():
    if _manifest.api:
        api.add_router(f"/{_manifest.name}/", import_string(_manifest.api))
