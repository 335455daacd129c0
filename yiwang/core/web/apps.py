from typing import ClassVar

from django.apps import AppConfig

from yiwang.core.security.policy import Policy


class WebConfig(AppConfig):
    name = "yiwang.core.web"
    label = "web"
    verbose_name = "Web"
    # 权限矩阵: django-ninja's own views (they cannot carry `@access_policy`). The API documentation
    # is public: it lists the operations, never data.
    access_policies: ClassVar[dict[str, Policy]] = {
        "api:openapi-json": Policy(audience="public"),
        "api:openapi-view": Policy(audience="public"),
    }

    def ready(self) -> None:
        # Remembered sites (sites.py) are forgotten when a site changes.
        from . import sites

        sites.connect()
