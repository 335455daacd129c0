"""Rich text: Wagtail's editor path keeps only its features; HTML stored any other way is cleaned
by nh3 when rendered with `|safe_richtext`."""

from __future__ import annotations

import json

import pytest
from django.template import Context, Template

from yiwang.core.web.sanitize import clean_rich_text

ATTACK = (
    '<p onclick="steal()">正文<script>alert(1)</script></p>'
    '<a href="javascript:alert(2)">链接</a><img src="x" onerror="alert(3)">'
    '<iframe src="https://evil.example"></iframe><style>body{display:none}</style>'
    '<a href="https://www.yc.gov.cn/">伊春</a>'
)


def test_scripts_handlers_frames_and_javascript_links_are_removed() -> None:
    cleaned = clean_rich_text(ATTACK)
    for bad in ("<script", "alert(1)", "onclick", "javascript:", "onerror", "<iframe", "<style", "display:none"):
        assert bad not in cleaned, bad
    assert "<p>正文</p>" in cleaned and 'href="https://www.yc.gov.cn/"' in cleaned


@pytest.mark.django_db
def test_the_template_filter_renders_stored_html_cleaned() -> None:
    rendered = Template("{% load yiwang_web %}{{ body|safe_richtext }}").render(Context({"body": ATTACK}))
    assert "<script" not in rendered and "javascript:" not in rendered and "伊春" in rendered


def test_wagtails_editor_path_keeps_only_the_enabled_features() -> None:
    from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

    converter = ContentstateConverter(features=["bold", "link"])
    state = {
        "blocks": [
            {
                "key": "a",
                "type": "unstyled",
                "text": "<script>alert(1)</script> 链接",
                "depth": 0,
                "inlineStyleRanges": [],
                "entityRanges": [{"offset": 26, "length": 2, "key": 0}],
            }
        ],
        "entityMap": {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": "javascript:alert(2)"}}},
    }
    html = converter.to_database_format(json.dumps(state))
    assert "<script" not in html and "javascript:" not in html


@pytest.mark.django_db
def test_my_page_shows_the_citizens_own_personal_data_masked(client) -> None:  # type: ignore[no-untyped-def]
    from yiwang.core.accounts import services
    from yiwang.testing.auth import sign_in
    from yiwang.testing.factories import UserFactory

    citizen = UserFactory(email="zhangwei@163.com")
    services.set_phone(citizen, "13812341234")
    services.set_id_number(citizen, "230702199001011234")
    citizen.save()
    body = sign_in(client, citizen).get("/my/").content.decode()
    assert "138****1234" in body and "2307**********1234" in body and "z***@163.com" in body
    assert "13812341234" not in body and "230702199001011234" not in body
