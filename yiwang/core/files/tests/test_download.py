from __future__ import annotations

import pytest

from yiwang.core.audit.models import AuditEntry
from yiwang.core.files import services
from yiwang.core.files.models import StoredFile
from yiwang.core.orgs.models import Membership
from yiwang.testing.personas import World

from . import samples

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk_file(world: World) -> StoredFile:
    """A file attached to an object of 市民政局 (the clerk's membership), visible to whoever holds
    `orgs.view` there — real scope rules through the permission chokepoint."""
    world.clerk_role.verbs = [*world.clerk_role.verbs, "orgs.view"]
    world.clerk_role.save()
    owner = Membership.objects.get(user=world.city_clerk, agency=world.city_civil_affairs)
    return services.upload(
        file=samples.upload("低保审批表.pdf", samples.PDF), purpose="attachment", user=world.city_clerk, owner=owner
    )


def test_staff_in_scope_downloads_with_the_original_name_and_safe_headers(
    world: World, clerk_file: StoredFile, login
) -> None:
    response = login(world.city_clerk).get(clerk_file.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == samples.PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert "filename*=utf-8''%E4%BD%8E%E4%BF%9D%E5%AE%A1%E6%89%B9%E8%A1%A8.pdf" in disposition
    assert AuditEntry.objects.filter(event="files.download", result="success", actor=world.city_clerk).count() == 1


def test_staff_of_another_county_cannot_download(world: World, clerk_file: StoredFile, login) -> None:
    response = login(world.jiayin_clerk).get(clerk_file.get_absolute_url())
    assert response.status_code == 404
    assert AuditEntry.objects.filter(event="files.download", result="failure", actor=world.jiayin_clerk).count() == 1


def test_a_citizen_cannot_download_a_staff_file(world: World, clerk_file: StoredFile, login) -> None:
    assert login(world.citizen).get(clerk_file.get_absolute_url()).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, clerk_file: StoredFile) -> None:
    response = client.get(clerk_file.get_absolute_url())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_uploader_may_download_before_attachment_and_nobody_else(world: World, login) -> None:
    stored = services.upload(file=samples.upload("身份证.png", samples.png()), purpose="image", user=world.citizen)
    assert login(world.citizen).get(stored.get_absolute_url()).status_code == 200
    assert login(world.enterprise).get(stored.get_absolute_url()).status_code == 404


def test_images_and_pdfs_may_be_shown_inline_on_request(world: World, login) -> None:
    stored = services.upload(file=samples.upload("照片.png", samples.png()), purpose="image", user=world.citizen)
    response = login(world.citizen).get(stored.get_absolute_url() + "?inline=1")
    assert response["Content-Disposition"].startswith("inline")
    assert "sandbox" in response["Content-Security-Policy"]


def test_unknown_file_ids_are_404(world: World, login) -> None:
    assert login(world.citizen).get("/files/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_downloads_only_answer_get_and_head(world: World, login) -> None:
    stored = services.upload(file=samples.upload("a.pdf", samples.PDF), purpose="attachment", user=world.citizen)
    assert login(world.citizen).post(stored.get_absolute_url()).status_code == 405
