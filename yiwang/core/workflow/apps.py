"""The one workflow engine and the one 待办 inbox: BPMN 2.0 executed with SpiffWorkflow (see ADR 0007)."""

from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "yiwang.core.workflow"
    label = "workflow"
    verbose_name = "流程与待办"

    def ready(self) -> None:
        from . import events, notification_templates, tasks  # noqa: F401 — registers templates, events and jobs

        notification_templates.register()
