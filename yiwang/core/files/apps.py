from django.apps import AppConfig


class FilesConfig(AppConfig):
    name = "yiwang.core.files"
    label = "files"
    verbose_name = "Files"
