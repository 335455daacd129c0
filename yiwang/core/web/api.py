"""The platform's HTTP API (django-ninja, OpenAPI 3 at /api/docs). Core routers are added here;
module routers come from their manifests."""

from django.utils.module_loading import import_string
from ninja import NinjaAPI

from yiwang.core.registry.registry import get_manifests
from yiwang.core.workflow import api as workflow_api
from yiwang.core.workflow.errors import WorkflowError

api = NinjaAPI(title="一网 Yiwang API", version="1", urls_namespace="api")
api.add_router("/workflow/", workflow_api.router)
api.add_exception_handler(WorkflowError, lambda request, exc: workflow_api.error_response(api, request, exc))

for _manifest in get_manifests():
    if _manifest.api:
        api.add_router(f"/{_manifest.name}/", import_string(_manifest.api))
