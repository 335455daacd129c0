"""The public hall (/services/): the home page (by audience, 主题, 人生事件, with counts and a search
box), the lists, and each published item's 办事指南 page.

These pages take the portal's publishing path: anonymous, the same for every visitor, no cookie
and no form with a CSRF token (the search box is a GET form), `Cache-Control: public`, so nginx's
micro-cache for anonymous pages serves them (deploy/nginx/yiwang.conf, keyed by 长辈版 and
language); publish and withdraw bump the content version after commit (`services.catalogue`).
"""

from __future__ import annotations

import uuid

from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_safe

from yiwang.core.security.policy import access_policy

from ..models import ServiceItem
from ..selectors import catalogue as selectors

# Short, like the portal's micro-cache: a withdrawal is off every cache within a minute.
PUBLIC_MAX_AGE = 60
LIST_PAGE_SIZE = 30
AUDIENCES = {"person": "个人办事", "legal_person": "法人办事"}


@access_policy(audience="public")
@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
@require_GET
def hall_home(request: HttpRequest) -> HttpResponse:
    """网上办事大厅: browse by audience, topic and life event."""
    return render(request, "servicehall/guide/home.html", selectors.hall_overview())


def _list(request: HttpRequest, items: QuerySet[ServiceItem], title: str, **extra: object) -> HttpResponse:
    page = Paginator(items, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "servicehall/guide/list.html",
        {"page": page, "title": title, "query": query.urlencode(), **extra},
    )


@access_policy(audience="public")
@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
@require_GET
def item_list(request: HttpRequest) -> HttpResponse:
    """All published items, or those for one audience (?audience=person|legal_person) or a search (?q=)."""
    audience = request.GET.get("audience", "")
    if audience not in AUDIENCES:
        audience = ""
    q = (request.GET.get("q") or "").strip()[:50]
    title = f"搜索“{q}”" if q else AUDIENCES.get(audience, "全部事项")
    return _list(request, selectors.list_published(audience=audience, q=q), title, q=q, audience=audience)


@access_policy(audience="public")
@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
@require_GET
def topic_items(request: HttpRequest, code: str) -> HttpResponse:
    topic = selectors.get_topic(code)
    return _list(request, selectors.list_published(topic=topic), f"主题：{topic.name}", group=topic)


@access_policy(audience="public")
@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
@require_GET
def life_event_items(request: HttpRequest, code: str) -> HttpResponse:
    event = selectors.get_life_event(code)
    return _list(request, selectors.list_published(life_event=event), f"人生事件：{event.name}", group=event)


@access_policy(audience="public")
@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
@require_GET
def guide(request: HttpRequest, code: str) -> HttpResponse:
    """办事指南 of one published item (404 for drafts and withdrawn items)."""
    item = selectors.get_published_item(code)
    materials = list(item.materials.all())
    steps = list(item.steps.all())
    online = bool(
        not item.is_guided and item.online_depth is not None and item.online_depth >= ServiceItem.OnlineDepth.PRE_REVIEW
    )
    context = {
        "item": item,
        "materials": materials,
        "steps": steps,
        "steps_days": sum(s.days for s in steps),
        "apply_url": f"{request.path.rstrip('/')}/apply/" if online else "",
        "topics": list(item.topics.all()),
        "life_events": list(item.life_events.all()),
    }
    return render(request, "servicehall/guide/item.html", context)


@access_policy(audience="public", note="只提供已发布事项的示例样表和空白表格")
@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
@require_safe
def form_file(request: HttpRequest, code: str, file_id: uuid.UUID) -> FileResponse:
    """A published item's 示例样表 or 空白表格, for anyone (they are part of the public guide)."""
    item = selectors.get_published_item(code)
    stored = selectors.get_public_form_file(item, file_id)
    try:
        handle = default_storage.open(stored.storage_name, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404("文件内容已不存在。") from exc
    response = FileResponse(handle, as_attachment=True, filename=stored.original_name, content_type=stored.content_type)
    response["Content-Length"] = str(stored.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
