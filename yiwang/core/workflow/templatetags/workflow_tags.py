"""`{% workflow_task_panel item %}`: the generic task panel (title, current step, opinions, the
verbs the step allows) for a module's own page about the object."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone

from ..models import WorkItem
from ..selectors import verb_label
from ..views.task import task_panel_context

register = template.Library()


@register.inclusion_tag("workflow/_task_panel.html", takes_context=True)
def workflow_task_panel(context: dict[str, Any], item: WorkItem) -> dict[str, Any]:
    return task_panel_context(context["request"], item)


@register.filter
def verb_name(verb: str) -> str:
    """The Chinese name of an engine verb code (complete → 同意/提交)."""
    return verb_label(verb)


@register.filter
def overdue(item: WorkItem) -> bool:
    """An open item past its due time (超期)."""
    return bool(item.state == WorkItem.State.OPEN and item.due_at and item.due_at < timezone.now())


@register.filter
def open_url(item: WorkItem) -> str:
    """Where an open item leads: the module's page for its object (the inbox rows carry the
    instance's `subject_url`), else the generic task page."""
    return getattr(item, "subject_url", "") or reverse("workflow:item", args=[item.pk])
