"""The public hall: the home page's counts and browsing, topic and life-event lists, and the
办事指南 page with every element — 404 for drafts and withdrawn items; cacheable like the portal."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ..models import LifeEvent, ServiceItem
from ..services import catalogue as services
from .catalogue_support import MATERIALS, STEPS, build_hall, complete_values, make_item

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def hall(world):
    return build_hall(world)


def test_the_guide_page_shows_every_element(client, hall):
    item = make_item(
        hall.editor,
        hall.world.city_civil_affairs,
        publish=True,
        fee_charged=True,
        fee_basis="《行政事业性收费标准管理办法》",
        fee_standard="工本费每证 10 元",
        topics=[hall.topic],
    )
    response = client.get(reverse("servicehall:guide", args=[item.code]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        item.name,
        item.code,
        "行政确认",
        "伊春市民政局",
        "《社会救助暂行办法》第九条至第十三条",
        "人均收入低于",
        "最低生活保障申请书",
        "家庭成员收入证明",
        "申请人自备",
        "复印件",
        "纸质或电子",
        "PDF 或纸质 A4",
        "可容缺",
        "审核确认",
        "15 个工作日",
        "30 个工作日",
        "20 个工作日",
        "工本费每证 10 元",
        "《行政事业性收费标准管理办法》",
        "伊美区新兴东大街 1 号",
        "工作日 8:30-11:30",
        "0458-3600001",
        "0458-12345",
        "四级：全程网办",
        "0 次",
        "个人",
        "社会保障",
    ):
        assert text in html, text
    assert f'href="/services/items/{item.code}/apply/"' in html
    assert "public" in response["Cache-Control"] and "max-age" in response["Cache-Control"]
    assert not response.cookies  # shareable by the micro-cache


def test_drafts_and_withdrawn_items_are_not_found(client, hall):
    draft = make_item(hall.editor, hall.world.city_civil_affairs)
    assert client.get(reverse("servicehall:guide", args=[draft.code])).status_code == 404
    services.publish_item(actor=hall.editor, item=draft)
    assert client.get(reverse("servicehall:guide", args=[draft.code])).status_code == 200
    services.withdraw_item(actor=hall.editor, item=draft)
    assert client.get(reverse("servicehall:guide", args=[draft.code])).status_code == 404


def test_online_application_is_offered_only_from_depth_three_and_never_for_a_guided_item(client, hall):
    low = make_item(hall.editor, hall.world.city_civil_affairs, publish=True, online_depth=2)
    html = client.get(reverse("servicehall:guide", args=[low.code])).content.decode()
    assert "/apply/" not in html and "到现场办理" in html
    guided = services.save_item(
        actor=hall.editor,
        values=complete_values(
            hall.world.city_civil_affairs,
            code="11230700MB1234567X4000112077",
            name="电子税务申报",
            external_url="https://etax.heilongjiang.chinatax.gov.cn/",
        ),
        materials=[],
        steps=[],
    )
    services.publish_item(actor=hall.editor, item=guided)
    html = client.get(reverse("servicehall:guide", args=[guided.code])).content.decode()
    assert "/apply/" not in html
    assert 'href="https://etax.heilongjiang.chinatax.gov.cn/"' in html and "在其他系统办理" in html


def test_sample_files_of_a_published_item_download_for_anyone_and_others_do_not(client, hall):
    materials = [
        {**MATERIALS[0], "sample_file_upload": SimpleUploadedFile("样表.pdf", PDF, "application/pdf")},
        MATERIALS[1],
    ]
    item = services.save_item(
        actor=hall.editor, values=complete_values(hall.world.city_civil_affairs), materials=materials, steps=STEPS
    )
    stored = item.materials.first().sample_file
    url = reverse("servicehall:form_file", args=[item.code, stored.pk])
    assert client.get(url).status_code == 404  # not published yet
    services.publish_item(actor=hall.editor, item=item)
    assert f'href="{url}"' in client.get(reverse("servicehall:guide", args=[item.code])).content.decode()
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    other = reverse("servicehall:form_file", args=[item.code, "00000000-0000-0000-0000-000000000000"])
    assert client.get(other).status_code == 404


def test_the_home_page_counts_and_browses_by_audience_topic_and_life_event(client, hall):
    event = LifeEvent.objects.create(code="shenghuo-kunnan", name="生活困难", audience="person")
    item = make_item(hall.editor, hall.world.city_civil_affairs, publish=True, topics=[hall.topic])
    item.life_events.add(event)
    make_item(
        hall.editor,
        hall.world.city_civil_affairs,
        code="11230700MB1234567X4000112002",
        name="未发布的事项",
        topics=[hall.topic],
    )
    home = client.get(reverse("servicehall:home"))
    html = home.content.decode()
    assert home.status_code == 200 and 'data-testid="hall-total">1<' in html
    assert '社会保障 <span class="hall-count">1 项</span>' in html
    topic_page = client.get(reverse("servicehall:topic", args=[hall.topic.code])).content.decode()
    assert item.name in topic_page and "未发布的事项" not in topic_page
    assert item.name in client.get(reverse("servicehall:life_event", args=[event.code])).content.decode()
    assert item.name in client.get(reverse("servicehall:items"), {"audience": "person"}).content.decode()
    assert item.name not in client.get(reverse("servicehall:items"), {"audience": "legal_person"}).content.decode()
    assert item.name in client.get(reverse("servicehall:items"), {"q": "最低生活"}).content.decode()
    assert client.get(reverse("servicehall:topic", args=["no-such-topic"])).status_code == 404


def test_the_pages_render_in_the_elder_mode(client, hall):
    item = make_item(hall.editor, hall.world.city_civil_affairs, publish=True)
    client.cookies["yw_elder"] = "1"
    html = client.get(reverse("servicehall:guide", args=[item.code])).content.decode()
    assert 'class="elder"' in html and item.name in html


def test_publish_and_withdraw_bump_the_content_version(hall, django_capture_on_commit_callbacks, settings):
    from yiwang.core.web import fragments

    settings.YIWANG_FRAGMENT_CACHE_SECONDS = 60
    before = fragments.content_version()
    with django_capture_on_commit_callbacks(execute=True):
        make_item(hall.editor, hall.world.city_civil_affairs, publish=True)
    published = fragments.content_version()
    assert published != before
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_item(actor=hall.editor, item=ServiceItem.objects.get())
    assert fragments.content_version() != published
