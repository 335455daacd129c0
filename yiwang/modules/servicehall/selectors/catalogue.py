"""Reads of the catalogue: the staff list (scoped through the permission chokepoint) and the
public hall — published items only, by audience, 主题 and 人生事件."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from yiwang.core.orgs.models import Agency
from yiwang.core.permissions import access

from .. import completeness
from ..models import LifeEvent, ServiceItem, ServiceMaterial, ServiceStep, ServiceTopic

VIEW = "servicehall.view"
MANAGE = "servicehall.manage_catalogue"
PAGE_SIZE = 30
PUBLISHED = ServiceItem.Status.PUBLISHED


# --- staff ----------------------------------------------------------------------------------------


def _staff_items(user: Any) -> QuerySet[ServiceItem]:
    """Items the user may see: `servicehall.view` or `servicehall.manage_catalogue` in their agency."""
    base = ServiceItem.objects.all()
    seen = access.filter_permitted(user, VIEW, base)
    managed = access.filter_permitted(user, MANAGE, base)
    return ServiceItem.objects.filter(Q(pk__in=seen.values("pk")) | Q(pk__in=managed.values("pk")))


def staff_agency_ids(user: Any) -> frozenset[int] | None:
    """The agencies whose items `user` sees (None: every agency)."""
    scope = access.get_scope(user)
    ids: set[int] = set()
    for verb in (VIEW, MANAGE):
        granted = scope.agency_ids(verb)
        if granted is None:
            return None
        ids |= granted
    return frozenset(ids)


def can_use_catalogue(user: Any) -> bool:
    ids = staff_agency_ids(user)
    return ids is None or bool(ids)


def list_staff_agencies(user: Any) -> QuerySet[Agency]:
    ids = staff_agency_ids(user)
    agencies = Agency.objects.filter(is_active=True).order_by("path")
    return agencies if ids is None else agencies.filter(pk__in=sorted(ids))


def list_managed_agencies(user: Any) -> QuerySet[Agency]:
    ids = access.get_scope(user).agency_ids(MANAGE)
    agencies = Agency.objects.filter(is_active=True).order_by("path")
    return agencies if ids is None else agencies.filter(pk__in=sorted(ids))


def list_staff_items(
    user: Any, *, agency: Agency | None = None, item_type: str = "", status: str = "", q: str = ""
) -> QuerySet[ServiceItem]:
    items = _staff_items(user).select_related("agency").prefetch_related("materials", "steps")
    if agency is not None:
        items = items.filter(agency=agency)
    if item_type:
        items = items.filter(item_type=item_type)
    if status:
        items = items.filter(status=status)
    if q:
        items = items.filter(Q(name__icontains=q) | Q(code__icontains=q))
    return items.order_by("agency__path", "code")


def with_flags(items: Any, *, incomplete_only: bool = False) -> list[tuple[ServiceItem, list[completeness.Missing]]]:
    """Each item with its completeness flags (materials and steps prefetched: no query per item)."""
    rows = [
        (item, completeness.missing_elements(item, materials=item.materials.all(), steps=item.steps.all()))
        for item in items
    ]
    return [row for row in rows if row[1]] if incomplete_only else rows


def get_staff_item(user: Any, item_id: int) -> ServiceItem:
    """One item the user may see (404 otherwise: ids outside one's scope are not revealed)."""
    try:
        return _staff_items(user).select_related("agency").get(pk=item_id)
    except ServiceItem.DoesNotExist as exc:
        raise Http404("事项不存在或无权查看。") from exc


def can_manage(user: Any, item: ServiceItem) -> bool:
    return access.can(user, MANAGE, agency_id=item.agency_id)


def list_topics() -> QuerySet[ServiceTopic]:
    return ServiceTopic.objects.order_by("audience", "sort_order", "id")


def list_life_events() -> QuerySet[LifeEvent]:
    return LifeEvent.objects.order_by("audience", "sort_order", "id")


# --- public ---------------------------------------------------------------------------------------


def published_items() -> QuerySet[ServiceItem]:
    return ServiceItem.objects.filter(status=PUBLISHED).select_related("agency")


def hall_overview() -> dict[str, Any]:
    """The hall home: counts by audience, the topics and life events with their published items."""
    items = ServiceItem.objects.filter(status=PUBLISHED)
    counts = items.aggregate(
        total=Count("pk"),
        person=Count("pk", filter=Q(for_person=True)),
        legal_person=Count("pk", filter=Q(for_legal_person=True)),
    )
    published = Q(items__status=PUBLISHED)
    topics = ServiceTopic.objects.annotate(published=Count("items", filter=published)).order_by(
        "audience", "sort_order", "id"
    )
    events = LifeEvent.objects.annotate(published=Count("items", filter=published)).order_by(
        "audience", "sort_order", "id"
    )
    return {"counts": counts, "topics": list(topics), "life_events": list(events)}


def list_published(
    *, audience: str = "", topic: ServiceTopic | None = None, life_event: LifeEvent | None = None, q: str = ""
) -> QuerySet[ServiceItem]:
    items = published_items()
    if audience == "person":
        items = items.filter(for_person=True)
    elif audience == "legal_person":
        items = items.filter(for_legal_person=True)
    if topic is not None:
        items = items.filter(topics=topic)
    if life_event is not None:
        items = items.filter(life_events=life_event)
    if q:
        items = items.filter(Q(name__icontains=q) | Q(code__icontains=q))
    return items.order_by("agency__path", "name")


def get_topic(code: str) -> ServiceTopic:
    topic = ServiceTopic.objects.filter(code=code).first()
    if topic is None:
        raise Http404("主题不存在。")
    return topic


def get_life_event(code: str) -> LifeEvent:
    event = LifeEvent.objects.filter(code=code).first()
    if event is None:
        raise Http404("人生事件不存在。")
    return event


def get_published_item(code: str) -> ServiceItem:
    """A published item with everything its 办事指南 page shows (404 for drafts and withdrawn ones)."""
    item = (
        ServiceItem.objects.filter(code=code, status=PUBLISHED)
        .select_related("agency")
        .prefetch_related(
            Prefetch(
                "materials",
                queryset=ServiceMaterial.objects.select_related("sample_file", "blank_form_file").order_by(
                    "sort_order", "id"
                ),
            ),
            Prefetch("steps", queryset=ServiceStep.objects.order_by("sort_order", "id")),
            "topics",
            "life_events",
        )
        .first()
    )
    if item is None:
        raise Http404("该事项不存在或未发布。")
    return item


def get_public_form_file(item: ServiceItem, file_id: Any) -> Any:
    """A sample or blank form of a published item's material (404 for any other file)."""
    for material in item.materials.all():
        for stored in (material.sample_file, material.blank_form_file):
            if stored is not None and str(stored.pk) == str(file_id):
                return stored
    raise Http404("文件不存在。")
