from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "yiwang.modules.documents"
    label = "documents"
    verbose_name = "公文"

    def ready(self) -> None:
        # The event types (delivered by name in the task worker) and the search index's triggers.
        from . import events, search  # noqa: F401

        search.connect()
        # 验章: the PDF checked by the public verification page (in memory, never stored).
        from .views.verify import register_upload_purpose

        register_upload_purpose()
        # 归档: the archive packages and a year's export (ZIP).
        from .services.archiving import register_archive_purpose

        register_archive_purpose()
        # 收文: the notice of a document waiting for 签收.
        from . import notification_templates

        notification_templates.register()
