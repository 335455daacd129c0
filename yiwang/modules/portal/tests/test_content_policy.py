"""Policy documents: 索引号 allocation, 有效性 banners, two-way links with 解读, search fields."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from wagtail.models import Page, Site

from yiwang.modules.portal import services
from yiwang.modules.portal.models import (
    IndexNumber,
    IndexNumberScheme,
    InterpretationPage,
    PolicyDocumentPage,
    SectionPage,
    Validity,
)
from yiwang.testing.personas import World


def _path(page: Page) -> str:
    """The address on the default site (the test client's host), as templates write it."""
    return str(page.relative_url(Site.objects.get(is_default_site=True)))


def _draft(world: World, title: str, number: str = "") -> PolicyDocumentPage:
    parent = SectionPage.objects.get(slug="zcjd")
    page = PolicyDocumentPage(
        title=title,
        slug=f"t-{abs(hash(title)) % 10**8}",
        agency=world.city_government,
        document_number=number,
        written_date=date(2026, 11, 20),
        body="<p>正文</p>",
    )
    services.add_page(parent, page)
    return page


def test_index_numbers_follow_the_agencys_pattern_in_sequence(portal_world: World) -> None:
    IndexNumberScheme.objects.create(agency=portal_world.city_government, pattern="YC-{division}/{year}-{seq:04d}")

    first = _draft(portal_world, "关于甲事项的通知")
    second = _draft(portal_world, "关于乙事项的通知")

    assert first.index_number is not None and first.index_number.startswith("YC-230700/2026-")
    assert int(second.index_number[-4:]) == int(first.index_number[-4:]) + 1


def test_index_numbers_are_never_reused_after_deletion(portal_world: World) -> None:
    page = _draft(portal_world, "关于丙事项的通知")
    number = page.index_number
    Page.objects.get(pk=page.pk).delete()

    again = _draft(portal_world, "关于丁事项的通知")

    assert again.index_number != number
    assert IndexNumber.objects.filter(number=number).exists()  # the record outlives the page
    assert IndexNumber.objects.filter(number=number).count() == 1


def test_default_index_number_uses_the_agencys_credit_code_or_division(portal_world: World) -> None:
    page = _draft(portal_world, "关于戊事项的通知")
    agency = portal_world.city_government

    code = agency.uscc or f"{agency.division.code}{agency.pk:05d}"
    assert page.index_number is not None and page.index_number.startswith(f"{code}/2026-")


def test_repealed_document_shows_a_banner_linking_to_its_replacement(portal_world: World, client: Client) -> None:
    old = PolicyDocumentPage.objects.get(document_number="伊政规〔2021〕4号")
    new = PolicyDocumentPage.objects.get(document_number="伊政规〔2026〕7号")

    html = client.get(old.url).content.decode()

    assert 'data-testid="validity-banner"' in html
    assert "本文件已废止" in html
    assert f'href="{_path(new)}"' in html
    assert 'data-testid="validity-banner"' not in client.get(new.url).content.decode()


def test_validity_change_is_kept_when_an_old_revision_is_published(portal_world: World) -> None:
    policy = PolicyDocumentPage.objects.get(document_number="伊政规〔2026〕2号")
    revision = policy.live_revision
    services.change_validity(policy=policy, validity=Validity.EXPIRED, actor=None, note="有效期届满。")

    services.record_confidentiality_review(
        page=policy, revision=revision, reviewer=None, conclusion="public", basis="第十七条"
    )
    revision.publish()

    policy.refresh_from_db()
    assert policy.validity == Validity.EXPIRED
    assert policy.validity_changes.count() == 1


def test_a_document_cannot_replace_itself(portal_world: World) -> None:
    policy = PolicyDocumentPage.objects.get(document_number="伊政规〔2026〕2号")

    with pytest.raises(ValueError, match="自身"):
        services.change_validity(policy=policy, validity=Validity.AMENDED, actor=None, replaced_by=policy)


def test_policy_and_interpretation_link_to_each_other(portal_world: World, client: Client) -> None:
    policy = PolicyDocumentPage.objects.get(document_number="伊政规〔2026〕7号")
    interpretation = InterpretationPage.objects.get(policy=policy)

    policy_html = client.get(policy.url).content.decode()
    interpretation_html = client.get(interpretation.url).content.decode()

    assert f'href="{_path(interpretation)}"' in policy_html
    assert f'href="{_path(policy)}"' in interpretation_html
    assert "伊政规〔2026〕7号" in interpretation_html


def test_policy_page_shows_the_catalogue_fields(portal_world: World, client: Client) -> None:
    policy = PolicyDocumentPage.objects.get(document_number="伊政规〔2026〕7号")

    html = client.get(policy.url).content.decode()

    for text in ("索引号", policy.index_number, "发文字号", "伊政规〔2026〕7号", "成文日期", "2026-09-14", "发布日期"):
        assert text in html
    assert "伊春市人民政府" in html


def test_each_content_type_exposes_the_fields_search_needs(portal_world: World) -> None:
    policy = PolicyDocumentPage.objects.get(document_number="伊政规〔2026〕7号")

    fields = policy.search_document_fields()
    document = policy.search_document()

    assert fields["doc_number"] == "伊政规〔2026〕7号"
    assert fields["index_number"] == policy.index_number
    assert fields["agency_id"] == portal_world.city_government.pk
    assert fields["column"] == str(policy.get_parent().pk)  # the column's id (slugs repeat across sites)
    assert policy.get_parent().slug == "fgwj"
    assert fields["site"] == "2307000001"
    assert "供热" in fields["body"]
    assert document.kind == "portal.policy"
    assert "规范性文件" in document.keywords
