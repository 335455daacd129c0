from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "yiwang.modules.documents"
    label = "documents"
    verbose_name = "公文"
