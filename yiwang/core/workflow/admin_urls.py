"""Workflow screens, mounted in the staff workspace at /staff/workflow/ (the inbox at /staff/inbox/)."""

from django.urls import path

from .views import definitions, inbox, start, task, tracking

app_name = "workflow"
urlpatterns = [
    path("items/<uuid:item_id>/", task.task_page, name="item"),
    path("items/<uuid:item_id>/act/", task.act, name="act"),
    path("instances/<uuid:instance_id>/", tracking.instance_page, name="instance"),
    path("instances/<uuid:instance_id>/terminate/", tracking.terminate, name="terminate"),
    path("start/", start.start_process, name="start"),
    path("delegations/", inbox.create_delegation, name="delegate"),
    path("delegations/<int:pk>/revoke/", inbox.revoke_delegation, name="revoke_delegation"),
    path("definitions/", definitions.definition_list, name="definitions"),
    path("definitions/upload/", definitions.definition_upload, name="definition_upload"),
    path("definitions/<int:pk>/", definitions.definition_detail, name="definition"),
    path("definitions/<int:pk>/make-current/", definitions.definition_make_current, name="definition_make_current"),
]
