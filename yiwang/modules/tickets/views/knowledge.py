"""Staff screens of the 知识库 (/staff/tickets/knowledge/): the list with its Chinese search and
filters, one article, create, edit (复核), archive, and 存入知识库 from a replied ticket. Thin: forms
parse, services decide, bad input is shown again with the input kept (400)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yiwang.core.security.policy import access_policy
from yiwang.core.web.http import client_ip

from .. import selectors
from ..forms.knowledge import ArticleFilterForm, ArticleForm, NewArticleForm
from ..models import KnowledgeArticle
from ..selectors import knowledge as knowledge_selectors
from ..services import knowledge as knowledge_services

VERB = knowledge_services.KNOWLEDGE_VERB
SEARCH_PAGE_SIZE = 20
DUE_SHOWN = 20


def _require_verb(request: HttpRequest) -> None:
    if not knowledge_selectors.can_use_knowledge(request.user):
        raise PermissionDenied


def _add_errors(form: Any, error: ValidationError) -> None:
    for field, field_errors in error.error_dict.items():
        for message in field_errors:
            form.add_error(field if field in form.fields else None, message)


def _article_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {name: data[name] for name in ("title", "body", "category", "review_on")}


def _save(
    request: HttpRequest, form: Any, save: Callable[[dict[str, Any]], KnowledgeArticle], *, done: str
) -> HttpResponse | None:
    """Run `save` on valid input and go to the article; None (the form keeps its input and now its
    errors) when the form or the service refuses."""
    if not form.is_valid():
        return None
    try:
        article = save(form.cleaned_data)
    except ValidationError as error:
        _add_errors(form, error)
    except knowledge_services.KnowledgeRefused as refused:
        form.add_error(None, refused.message)
    else:
        messages.success(request, done)
        return HttpResponseRedirect(reverse("tickets_knowledge_article", args=[article.pk]))
    return None


@access_policy(verb=VERB)
@require_GET
def article_list(request: HttpRequest) -> HttpResponse:
    """知识库: Chinese search (the one core search) or the filtered list, and the user's own
    articles past their 复核日期."""
    _require_verb(request)
    agencies = selectors.list_dispatch_agencies()
    form = ArticleFilterForm(request.GET or None, agencies=agencies)
    query = form.query() if request.GET else ""
    context: dict[str, Any] = {"form": form, "query": query, "today": timezone.localdate()}
    if query:
        context["results"] = knowledge_selectors.search_articles(
            request.user, query, page=_page_number(request), per_page=SEARCH_PAGE_SIZE
        )
    else:
        filters = form.filters() if request.GET else {}
        context["page"] = Paginator(
            knowledge_selectors.list_articles(request.user, **filters), knowledge_selectors.PAGE_SIZE
        ).get_page(request.GET.get("page"))
    context["due_mine"] = list(knowledge_selectors.list_due_for_owner(request.user)[:DUE_SHOWN])
    params = request.GET.copy()
    params.pop("page", None)
    context["params"] = params.urlencode()
    return render(request, "tickets/knowledge/list.html", context)


def _page_number(request: HttpRequest) -> int:
    value = request.GET.get("page", "")
    return int(value) if value.isdigit() and int(value) > 0 else 1


@access_policy(verb=VERB)
@require_GET
def search_partial(request: HttpRequest) -> HttpResponse:
    """The search results alone, for the operator screen's panel (htmx); without htmx (no script)
    the knowledge-base list page with the same search."""
    _require_verb(request)
    query = (request.GET.get("q") or "").strip()[:100]
    if not getattr(request, "htmx", False):
        return HttpResponseRedirect(f"{reverse('tickets_knowledge_list')}?{urlencode({'q': query})}")
    results = knowledge_selectors.search_articles(request.user, query) if query else None
    return render(request, "tickets/knowledge/_results.html", {"query": query, "results": results})


@access_policy(verb=VERB, methods=("GET", "POST"))
@require_http_methods(["GET", "POST"])
def article_new(request: HttpRequest) -> HttpResponse:
    """新建条目, for an agency where the user maintains the knowledge base."""
    _require_verb(request)
    agencies = knowledge_selectors.list_knowledge_agencies(request.user)
    if request.method == "POST":
        form = NewArticleForm(request.POST, agencies=agencies)
        saved = _save(
            request,
            form,
            lambda data: knowledge_services.create_article(
                actor=request.user, agency=data["agency"], ip=client_ip(request), **_article_fields(data)
            ),
            done="知识库条目已保存。",
        )
        return saved or render(request, "tickets/knowledge/form.html", {"form": form, "article": None}, status=400)
    form = NewArticleForm(agencies=agencies, initial={"review_on": knowledge_services.default_review_on()})
    return render(request, "tickets/knowledge/form.html", {"form": form, "article": None})


@access_policy(verb=VERB)
@require_GET
def article_detail(request: HttpRequest, article_id: int) -> HttpResponse:
    """One article: every holder of the verb reads it; its agency's staff may edit and archive it."""
    _require_verb(request)
    article = knowledge_selectors.get_article(request.user, article_id)
    return render(
        request,
        "tickets/knowledge/article.html",
        {
            "article": article,
            "may_edit": knowledge_selectors.can_edit_article(request.user, article),
            "due": knowledge_selectors.is_due(article),
        },
    )


def _editable(request: HttpRequest, article_id: int) -> KnowledgeArticle:
    _require_verb(request)
    article = knowledge_selectors.get_article(request.user, article_id)
    if not knowledge_selectors.can_edit_article(request.user, article):
        raise PermissionDenied
    return article


@access_policy(verb=VERB, agency_scoped=True, methods=("GET", "POST"))
@require_http_methods(["GET", "POST"])
def article_edit(request: HttpRequest, article_id: int) -> HttpResponse:
    """修改 and 复核 (a new 复核日期), by staff of the article's agency."""
    article = _editable(request, article_id)
    if request.method == "POST":
        form = ArticleForm(request.POST)
        saved = _save(
            request,
            form,
            lambda data: knowledge_services.update_article(
                article=article, actor=request.user, ip=client_ip(request), **_article_fields(data)
            ),
            done="知识库条目已更新。",
        )
        return saved or render(request, "tickets/knowledge/form.html", {"form": form, "article": article}, status=400)
    form = ArticleForm(
        initial={
            "title": article.title,
            "body": article.body,
            "category": article.category_id,
            "review_on": article.review_on,
        }
    )
    return render(request, "tickets/knowledge/form.html", {"form": form, "article": article})


@access_policy(verb=VERB, agency_scoped=True, methods=("POST",))
@require_POST
def article_archive(request: HttpRequest, article_id: int) -> HttpResponse:
    """归档: out of the search and the active list."""
    article = _editable(request, article_id)
    try:
        knowledge_services.archive_article(article=article, actor=request.user, ip=client_ip(request))
    except knowledge_services.KnowledgeRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, "知识库条目已归档。")
    return HttpResponseRedirect(reverse("tickets_knowledge_article", args=[article.pk]))


@access_policy(verb=VERB, agency_scoped=True, methods=("POST",))
@require_POST
def from_ticket(request: HttpRequest, ticket_id: int) -> HttpResponse:
    """存入知识库: one POST on a replied ticket's page, then the new article's edit page."""
    ticket = selectors.get_staff_ticket(request.user, ticket_id)
    if not knowledge_selectors.can_save_reply(request.user, ticket):
        raise PermissionDenied
    try:
        article = knowledge_services.create_article_from_reply(ticket=ticket, actor=request.user, ip=client_ip(request))
    except (knowledge_services.KnowledgeRefused, ValidationError) as refused:
        messages.error(request, getattr(refused, "message", "无法存入知识库。"))
        return HttpResponseRedirect(reverse("tickets_staff_ticket", args=[ticket.pk]))
    messages.success(request, "已存入知识库，请检查内容（已去除诉求人个人信息）后保存。")
    return HttpResponseRedirect(reverse("tickets_knowledge_edit", args=[article.pk]))
