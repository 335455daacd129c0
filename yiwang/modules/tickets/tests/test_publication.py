"""公开: a consenting ticket and its approved reply appear on 来信选登, masked; the hotline office may
withhold it; confidential tickets never appear; the public search finds the masked text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from yiwang.core.audit.models import AuditEntry
from yiwang.modules.tickets import services
from yiwang.modules.tickets.models import Publication, Ticket
from yiwang.modules.tickets.services import publication
from yiwang.testing.personas import World

from .factories import submit

pytestmark = pytest.mark.django_db

REPLY = "经核查，供热公司已于12月5日更换3号楼循环泵，室温已达18度以上。如仍有问题请致电0458-3612345。"
CONTENT = "朝阳小区3号楼室温长期低于18度，我的电话13812341234，身份证230702199001011234，请尽快处理。"


def _replied(world: World, *, county: bool = False, **overrides: Any) -> Ticket:
    agency = world.jiayin_civil_affairs if county else world.city_civil_affairs
    clerk, leader = (world.jiayin_clerk, world.jiayin_leader) if county else (world.city_clerk, world.leader)
    values: dict[str, Any] = {
        "citizen": world.citizen,
        "wants_public": True,
        "content": CONTENT,
        "contact_name": "王小明",
    }
    values.update(overrides)
    ticket = services.dispatch_ticket(ticket=submit(**values), agency=agency, actor=world.dispatcher)
    ticket = services.draft_reply(ticket=ticket, actor=clerk, content=REPLY)
    return services.approve_reply(ticket=ticket, actor=leader)


def test_an_approved_reply_of_a_consenting_ticket_is_published_masked(staff: World) -> None:
    ticket = _replied(staff)
    row = Publication.objects.get(ticket=ticket)
    assert row.state == Publication.State.PUBLISHED and row.published_at is not None
    assert row.citizen_name == "王**" and row.citizen_phone == "139****1234"
    assert "138****1234" in row.content and "13812341234" not in row.content
    assert "2307**********1234" in row.content and "230702199001011234" not in row.content
    assert "循环泵" in row.reply and "0458-3612345" not in row.reply
    assert row.agency == staff.city_civil_affairs and row.replied_at == ticket.replied_at
    assert AuditEntry.objects.filter(event="tickets.publish").count() == 1


def test_a_ticket_without_consent_or_asking_confidentiality_is_not_published(staff: World) -> None:
    _replied(staff, wants_public=False)
    _replied(staff, confidential=True)
    assert not Publication.objects.exists()


def test_the_public_list_shows_the_masked_reply_and_never_a_confidential_ticket(staff: World) -> None:
    ticket = _replied(staff)
    secret = _replied(staff, confidential=True, title="朝阳小区保密来信供暖不达标")
    response = Client().get("/hudong/tickets/public/")
    html = response.content.decode()
    assert response.status_code == 200 and "public" in response["Cache-Control"]
    assert ticket.title in html and "循环泵" in html and staff.city_civil_affairs.full_name in html
    assert secret.title not in html and "13812341234" not in html
    detail = Client().get(f"/hudong/tickets/public/{ticket.publication.pk}/").content.decode()
    assert "王**" in detail and "139****1234" in detail and "王小明" not in detail
    assert "朝阳小区3号楼" not in detail.split("来信内容")[0]  # no address among the facts


def test_the_public_list_filters_by_channel_type_and_department(staff: World) -> None:
    mailbox = _replied(staff)
    consultation = _replied(
        staff,
        channel=Ticket.Channel.ONLINE_CONSULTATION,
        kind=Ticket.Kind.CONSULTATION,
        title="咨询低保申请需要哪些材料",
    )
    html = Client().get("/hudong/tickets/public/", {"channel": "online_consultation"}).content.decode()
    assert consultation.title in html and mailbox.title not in html
    html = Client().get("/hudong/tickets/public/", {"kind": "complaint"}).content.decode()
    assert mailbox.title in html and consultation.title not in html
    county = _replied(staff, county=True, title="嘉荫县城区冬季供暖温度偏低")
    html = Client().get("/hudong/tickets/public/", {"agency": staff.jiayin_civil_affairs.pk}).content.decode()
    assert county.title in html and mailbox.title not in html and consultation.title not in html


def test_the_office_withholds_a_publication_with_a_reason_and_it_disappears(staff: World) -> None:
    ticket = _replied(staff)
    with pytest.raises(publication.PublicationRefused, match="理由"):
        publication.withhold_publication(ticket=ticket, actor=staff.dispatcher, reason=" ")
    with pytest.raises(publication.PublicationRefused):
        publication.withhold_publication(ticket=ticket, actor=staff.city_clerk, reason="涉及他人隐私")
    row = publication.withhold_publication(ticket=ticket, actor=staff.dispatcher, reason="涉及他人隐私")
    assert row.state == Publication.State.WITHHELD and row.withheld_by == staff.dispatcher
    assert AuditEntry.objects.get(event="tickets.withhold_publication").detail["reason"] == "涉及他人隐私"
    assert Client().get(f"/hudong/tickets/public/{row.pk}/").status_code == 404
    assert ticket.title not in Client().get("/hudong/tickets/public/").content.decode()


def test_a_ticket_withheld_before_its_reply_is_not_published_by_the_approval(staff: World) -> None:
    ticket = services.dispatch_ticket(
        ticket=submit(citizen=staff.citizen, wants_public=True), agency=staff.city_civil_affairs, actor=staff.dispatcher
    )
    publication.withhold_publication(ticket=ticket, actor=staff.dispatcher, reason="涉及正在查处的案件")
    ticket = services.draft_reply(ticket=ticket, actor=staff.city_clerk, content=REPLY)
    services.approve_reply(ticket=ticket, actor=staff.leader)
    assert Publication.objects.get().state == Publication.State.WITHHELD
    restored = publication.restore_publication(ticket=ticket, actor=staff.dispatcher)
    assert restored is not None and restored.state == Publication.State.PUBLISHED and "循环泵" in restored.reply


def test_a_reopened_ticket_keeps_its_approved_reply_public_until_the_next_one_is_approved(staff: World) -> None:
    from yiwang.modules.tickets.services import rating

    ticket = _replied(staff)
    first_published = Publication.objects.get().published_at
    bad = {"speed": "dissatisfied", "result": "very_dissatisfied", "attitude": "basically_satisfied"}
    rating.rate_ticket(ticket=ticket, round=1, level="dissatisfied", dimension_levels=bad, actor=staff.citizen)
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.HANDLING  # reopened for re-handling
    ticket = services.draft_reply(
        ticket=ticket, actor=staff.city_clerk, content="二次答复：循环泵再次检修，室温已达20度。"
    )
    # While it is re-handled the approved reply stays public, the draft is not copied.
    publication.withhold_publication(ticket=ticket, actor=staff.dispatcher, reason="复核中")
    publication.restore_publication(ticket=ticket, actor=staff.dispatcher)
    row = Publication.objects.get()
    assert row.state == Publication.State.PUBLISHED and "二次答复" not in row.reply and "循环泵" in row.reply
    services.approve_reply(ticket=ticket, actor=staff.leader)
    row.refresh_from_db()
    assert row.reply == "二次答复：循环泵再次检修，室温已达20度。" and row.published_at == first_published
    assert ticket.title in Client().get("/hudong/tickets/public/").content.decode()


def test_the_public_search_finds_a_published_reply_and_not_an_unpublished_or_confidential_one(
    staff: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        published = _replied(staff)
        _replied(staff, wants_public=False, title="朝阳小区未公开来信供暖问题")
        _replied(staff, confidential=True, title="朝阳小区保密来信供暖问题")
    html = Client().get("/search/", {"q": "循环泵"}).content.decode()
    assert published.title in html and f"/hudong/tickets/public/{published.publication.pk}/" in html
    assert "未公开来信" not in html and "保密来信" not in html
    assert "13812341234" not in html
    with django_capture_on_commit_callbacks(execute=True):
        publication.withhold_publication(ticket=published, actor=staff.dispatcher, reason="涉及他人隐私")
    assert published.title not in Client().get("/search/", {"q": "循环泵"}).content.decode()


def test_the_search_rebuild_yields_only_published_tickets(staff: World) -> None:
    from yiwang.modules.tickets.selectors.publication import publication_documents

    published = _replied(staff)
    _replied(staff, wants_public=False)
    documents = list(publication_documents())
    assert [d.object_id for d in documents] == [str(published.publication.pk)]
    assert "13812341234" not in documents[0].body


def test_the_office_withholds_and_restores_through_the_ticket_page(
    staff: World, login: Callable[[Any], Client]
) -> None:
    ticket = _replied(staff)
    office = login(staff.dispatcher)
    assert "网站公开" in office.get(f"/staff/tickets/{ticket.pk}/").content.decode()
    empty = office.post(f"/staff/tickets/{ticket.pk}/withhold/", {"reason": ""})
    assert empty.status_code == 400 and "请填写不予公开的理由" in empty.content.decode()
    assert office.post(f"/staff/tickets/{ticket.pk}/withhold/", {"reason": "涉及他人隐私"}).status_code == 302
    assert Publication.objects.get().state == Publication.State.WITHHELD
    assert office.post(f"/staff/tickets/{ticket.pk}/publish/").status_code == 302
    assert Publication.objects.get().state == Publication.State.PUBLISHED


def test_an_agency_clerk_cannot_withhold(staff: World, login: Callable[[Any], Client]) -> None:
    ticket = _replied(staff)
    response = login(staff.city_clerk).post(f"/staff/tickets/{ticket.pk}/withhold/", {"reason": "不想公开"})
    assert response.status_code in (302, 403, 404)  # the workspace answers a refusal with a redirect home
    assert Publication.objects.get().state == Publication.State.PUBLISHED


def test_the_portals_interaction_column_leads_to_the_public_list() -> None:
    from django.conf import settings
    from django.urls import resolve

    assert resolve(settings.PORTAL_INTERACTION_URL).view_name == "tickets:public_list"


def test_numbers_written_inside_free_text_are_masked_and_longer_numbers_left_whole() -> None:
    from yiwang.common.masking import mask_in_text

    text = "电话13812341234，座机0458-3612345，身份证23070219900101123X，邮箱zhangwei@163.com，订单2026120113812341234"
    masked = mask_in_text(text)
    assert masked.startswith("电话138****1234，")
    assert "0458-3612345" not in masked and "2307**********123X" in masked
    assert "z***@163.com" in masked and "2026120113812341234" in masked
    assert mask_in_text("") == "" and mask_in_text("供暖温度不达标") == "供暖温度不达标"


def test_an_agency_clerk_cannot_restore_a_withheld_publication(staff: World, login: Callable[[Any], Client]) -> None:
    ticket = _replied(staff)
    publication.withhold_publication(ticket=ticket, actor=staff.dispatcher, reason="涉及他人隐私")
    response = login(staff.city_clerk).post(f"/staff/tickets/{ticket.pk}/publish/")
    assert response.status_code in (302, 403, 404)
    assert Publication.objects.get().state == Publication.State.WITHHELD


def test_an_unpublished_ticket_has_no_public_page(staff: World) -> None:
    ticket = _replied(staff, wants_public=False)
    assert Client().get(f"/hudong/tickets/public/{ticket.pk}/").status_code == 404
