"""文件: the one upload and download service."""

from django.apps import AppConfig


class FilesConfig(AppConfig):
    name = "yiwang.core.files"
    label = "files"
    verbose_name = "Files"

    def ready(self) -> None:
        from django.conf import settings

        from .purposes import register_core_purposes

        register_core_purposes(getattr(settings, "YIWANG_UPLOAD_MAX_BYTES", 20 * 1024 * 1024))
