"""The 发文 process on the workflow engine: its key, its steps and the document's mirrored status."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from yiwang.core.orgs.models import Agency
from yiwang.core.workflow import selectors as workflow_selectors
from yiwang.core.workflow import services as workflow
from yiwang.core.workflow.models import ProcessInstance, WorkItem

from ..models import Document, Opinion
from .errors import DocumentRefused

PROCESS_KEY = "documents.outgoing"
# BPMN element id → the document's status while that step is open (processes/outgoing.bpmn).
STEP_STATUS = {
    "draft": Document.Status.DRAFT,
    "review": Document.Status.REVIEW,
    "countersign": Document.Status.COUNTERSIGN,
    "sign_off": Document.Status.SIGN_OFF,
    "recheck": Document.Status.RECHECK,
    "number": Document.Status.NUMBER,
    "seal": Document.Status.SEAL,
    "distribute": Document.Status.DISTRIBUTE,
    "archive": Document.Status.ARCHIVE,
}
STEP_NAMES = {element: status.label for element, status in STEP_STATUS.items()}


def subject(document: Document) -> workflow.Subject:
    return workflow.Subject(
        type="documents.document",
        id=str(document.pk),
        url=reverse("documents_staff_document", args=[document.pk]),
    )


def instance_of(document: Document) -> ProcessInstance:
    return workflow_selectors.get_instance(document.process_id)


def open_item(document: Document, element_id: str, actor: Any) -> WorkItem:
    """The actor's open item at `element_id`, or a refusal saying where the document is."""
    if document.process_id:
        acting = workflow_selectors.get_acting(actor)
        items = workflow_selectors.list_open_items(instance_of(document)).filter(element_id=element_id)
        for item in items:
            if workflow_selectors.can_act_on(actor, item, acting):
                return item
    if document.status != STEP_STATUS.get(element_id):
        raise DocumentRefused(
            f"该公文当前在“{document.get_status_display()}”环节，不能办理“{STEP_NAMES.get(element_id, element_id)}”。"
            "请刷新后重试。",
            code="wrong_step",
        )
    raise DocumentRefused(f"“{STEP_NAMES.get(element_id, element_id)}”不是您的待办事项。", code="not_yours")


def sync_status(document: Document) -> None:
    """Mirror the open step (the first, for a 会签 fanned out to several agencies) onto the row."""
    instance = instance_of(document)
    elements = list(
        workflow_selectors.list_open_items(instance)
        .filter(kind=WorkItem.Kind.TODO)
        .values_list("element_id", flat=True)
    )
    if elements:
        document.status = STEP_STATUS.get(elements[0], document.status)
    elif instance.status == ProcessInstance.Status.COMPLETED:
        document.status = Document.Status.ARCHIVED


def record_opinion(
    document: Document,
    *,
    step: str,
    person: Any,
    agency: Agency | None,
    text: str,
    result: str = Opinion.Result.AGREE,
) -> Opinion:
    return Opinion.objects.create(
        document=document, step=step, person=person, agency=agency, text=text.strip(), result=result
    )
