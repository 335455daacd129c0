"""Static publishing: publishing writes the page (and the pages listing it) as files for nginx,
unpublishing, moving and deleting take them away, and nothing personal is ever written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.test import Client
from wagtail.models import Page, PageViewRestriction, Site

from yiwang.modules.portal import publishing
from yiwang.modules.portal.models import ArticlePage, HomePage, SectionPage

HOST = "127.0.0.1"


def file_of(root: Path, page: Page) -> Path:
    path = publishing.file_for(root, page)
    assert path is not None
    return path


def newest_article() -> ArticlePage:
    city = publishing.site_pages(Site.objects.get(is_default_site=True))
    articles = ArticlePage.objects.live().exact_type(ArticlePage).filter(pk__in=city.values("pk"))
    return articles.order_by("-first_published_at").first()  # type: ignore[return-value]


def test_publishing_writes_the_page_its_column_and_the_home_page_as_files(
    portal: HomePage, publish_root: Path, django_capture_on_commit_callbacks: Any
) -> None:
    article = newest_article()
    article.title = "伊春市发布森林火险橙色预警"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()

    page_file = file_of(publish_root, article)
    assert page_file == publish_root / HOST / Path(*article.get_url_parts()[2].strip("/").split("/")) / "index.html"
    html = page_file.read_text(encoding="utf-8")
    assert "伊春市发布森林火险橙色预警" in html
    assert page_file.with_name("index.html.gz").exists()
    assert "csrfmiddlewaretoken" not in html
    column = article.get_parent()
    assert "伊春市发布森林火险橙色预警" in file_of(publish_root, column).read_text(encoding="utf-8")
    assert (publish_root / HOST / "index.html").exists()  # the home page lists it


def test_the_file_holds_what_an_anonymous_visitor_gets(
    client: Client, portal: HomePage, publish_root: Path, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        portal.save_revision().publish()

    served = client.get("/")
    assert served.status_code == 200
    assert not served.cookies  # no csrftoken: anonymous pages are cacheable
    assert (publish_root / HOST / "index.html").read_bytes() == served.content


def test_unpublishing_removes_the_file_and_refreshes_the_column(
    portal: HomePage, publish_root: Path, django_capture_on_commit_callbacks: Any
) -> None:
    article = newest_article()
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    page_file = file_of(publish_root, article)
    assert page_file.exists()

    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()

    assert not page_file.exists()
    assert not page_file.with_name("index.html.gz").exists()
    assert article.title not in file_of(publish_root, article.get_parent()).read_text(encoding="utf-8")


def test_moving_a_page_removes_the_old_address_and_writes_the_new_one(
    portal: HomePage, publish_root: Path, django_capture_on_commit_callbacks: Any
) -> None:
    article = newest_article()
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    old_file = file_of(publish_root, article)
    target = portal.get_children().type(SectionPage).live().exclude(pk=article.get_parent().pk).first()
    assert target is not None

    with django_capture_on_commit_callbacks(execute=True):
        article.move(target, pos="last-child")

    article.refresh_from_db()
    assert not old_file.exists()
    assert file_of(publish_root, article).exists()


def test_deleting_a_page_removes_its_file(
    portal: HomePage, publish_root: Path, django_capture_on_commit_callbacks: Any
) -> None:
    article = newest_article()
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    page_file = file_of(publish_root, article)

    with django_capture_on_commit_callbacks(execute=True):
        article.delete()

    assert not page_file.exists()


def test_pages_under_a_view_restriction_are_never_written(
    portal: HomePage, publish_root: Path, django_capture_on_commit_callbacks: Any
) -> None:
    article = newest_article()
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)

    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()

    assert not file_of(publish_root, article).exists()


def test_a_response_that_sets_a_cookie_or_holds_a_csrf_form_is_not_shareable() -> None:
    from django.http import HttpResponse

    plain = HttpResponse("<p>通知</p>", content_type="text/html; charset=utf-8")
    assert publishing.shareable(plain) == "<p>通知</p>".encode()

    with_cookie = HttpResponse("<p>通知</p>", content_type="text/html")
    with_cookie.set_cookie("csrftoken", "x")
    assert publishing.shareable(with_cookie) is None

    form = HttpResponse('<input type="hidden" name="csrfmiddlewaretoken" value="x">', content_type="text/html")
    assert publishing.shareable(form) is None

    private = HttpResponse("<p>我的</p>", content_type="text/html")
    private["Cache-Control"] = "private"
    assert publishing.shareable(private) is None

    assert publishing.shareable(HttpResponse("x", status=404, content_type="text/html")) is None


def test_publish_pages_rewrites_the_site_and_drops_orphan_files(portal: HomePage, publish_root: Path) -> None:
    from django.core.management import call_command

    orphan = publish_root / HOST / "gone" / "index.html"
    orphan.parent.mkdir(parents=True)
    orphan.write_text("old", encoding="utf-8")

    call_command("publish_pages")

    assert not orphan.exists()
    assert (publish_root / HOST / "index.html").exists()
    assert file_of(publish_root, newest_article()).exists()


def test_nothing_is_written_when_static_publishing_is_off(
    portal: HomePage, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        newest_article().save_revision().publish()

    assert publishing.publish_dir() is None
    assert publishing.flush not in callbacks
    assert not any(tmp_path.iterdir())


def test_a_page_path_cannot_escape_the_publish_directory(publish_root: Path) -> None:
    assert publishing._safe_dir(publish_root, "127.0.0.1", "/a/../../etc/") is None
    assert publishing._safe_dir(publish_root, "..", "/a/") is None
    assert publishing._safe_dir(publish_root, "127.0.0.1", "/zwgk/zcwj/") == publish_root / HOST / "zwgk" / "zcwj"
