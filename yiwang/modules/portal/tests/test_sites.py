"""集约化: sub-sites by host name and by path, each with its own footer; 机构职能 and 领导信息 from
the organisation tree; the shared resource library; entry columns."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.test import Client
from wagtail.models import Collection

from yiwang.modules.portal import services
from yiwang.modules.portal.models import AgencyDirectoryPage, LeaderIndexPage, SectionPage
from yiwang.testing.personas import World


def test_a_sub_site_is_served_on_its_own_host_with_its_own_footer(portal_world: World, client: Client) -> None:
    html = client.get("/", HTTP_HOST="jiayin.localhost:8000").content.decode()

    assert "嘉荫县人民政府网" in html
    assert "网站标识码：2307220001" in html
    assert "主办单位：嘉荫县人民政府办公室" in html
    assert "嘉荫县关于黑龙江封江期禁止冰上通行的通告" in html


def test_a_sub_site_is_reachable_by_path_on_the_city_host(portal_world: World, client: Client) -> None:
    home = client.get("/jiayin/").content.decode()
    notices = client.get("/jiayin/tzgg/").content.decode()

    assert "网站标识码：2307220001" in home
    assert "嘉荫县关于黑龙江封江期禁止冰上通行的通告" in notices
    assert "网站标识码：2307220001" in notices


def test_the_city_portal_keeps_its_own_footer(portal_world: World, client: Client) -> None:
    html = client.get("/").content.decode()

    assert "网站标识码：2307000001" in html
    assert "2307220001" not in html


def test_agency_directory_is_generated_from_the_organisation_tree(portal_world: World, client: Client) -> None:
    directory = AgencyDirectoryPage.objects.get(agency=portal_world.city_government)
    civil = portal_world.city_civil_affairs
    civil.duties = "负责社会救助、养老服务和社会组织登记管理。"
    civil.office_hours = "周一至周五 8:30—11:30，13:30—17:00"
    civil.save()

    html = client.get(directory.relative_url(directory.get_site())).content.decode()

    assert "伊春市民政局" in html
    assert "负责社会救助、养老服务和社会组织登记管理。" in html
    assert "周一至周五 8:30—11:30" in html
    assert "民政局局长赵刚（局长）" in html  # a leader from the membership


def test_leader_pages_list_leaders_from_the_tree_and_profiles(portal_world: World, client: Client) -> None:
    index = LeaderIndexPage.objects.get(agency=portal_world.city_government)
    leader = LeaderIndexPage(title="领导信息", slug="ldxx-mzj", agency=portal_world.city_civil_affairs)
    SectionPage.objects.get(slug="xxgk-mzj").add_child(instance=leader)
    leader.save_revision().publish()

    city = client.get(index.relative_url(index.get_site())).content.decode()
    civil = client.get(leader.relative_url(leader.get_site())).content.decode()

    assert "韩志远" in city and "市长" in city  # demo profiles
    assert "民政局局长赵刚" in civil and "局长" in civil  # Membership.is_leader


def test_one_shared_resource_library_for_every_site(portal_world: World) -> None:
    library = services.shared_collection()

    assert Collection.objects.filter(name="共享资源库").count() == 1
    assert library.group_permissions.filter(group__name="市民政局·网站编辑").exists()


def test_an_entry_column_links_only_to_an_address_the_platform_serves(portal_world: World, client: Client) -> None:
    column = SectionPage.objects.get(slug="zwfw", depth=3)

    # The service hall answers /services/: the 政务服务 column leads there.
    assert client.get(column.entry_url).status_code == 200
    html = client.get("/zwfw/").content.decode()
    assert 'data-testid="entry-link"' in html and f'href="{column.entry_url}"' in html

    # An address nothing on the platform serves would fall through to the page tree and answer 404,
    # so the column shows its own content and no dead link.
    column.entry_url = "/no-such-module/"
    column.save_revision().publish()
    assert client.get("/no-such-module/").status_code == 404
    html = client.get("/zwfw/").content.decode()
    assert 'data-testid="entry-link"' not in html
    assert "伊春市政务服务中心办事须知" in html


def test_a_county_page_by_path_keeps_its_own_footer_with_the_chrome_cached(
    portal_world: World, client: Client, settings: Any
) -> None:
    settings.YIWANG_FRAGMENT_CACHE_SECONDS = 300
    cache.clear()

    city = client.get("/").content.decode()
    county = client.get("/jiayin/tzgg/").content.decode()
    city_again = client.get("/zwdt/").content.decode()

    assert "网站标识码：2307220001" in county and "主办单位：嘉荫县人民政府办公室" in county
    assert "网站标识码：2307220001" not in city and "网站标识码：2307220001" not in city_again
    assert "嘉荫县人民政府网" in county.split("</header>")[0]


def test_the_header_search_box_searches_the_sub_site_by_default(portal_world: World, client: Client) -> None:
    county = client.get("/", HTTP_HOST="jiayin.localhost:8000").content.decode()
    city = client.get("/").content.decode()

    county_scope = county.split('id="site-search-scope"')[1].split("</select>")[0]
    city_scope = city.split('id="site-search-scope"')[1].split("</select>")[0]
    assert '<option value="2307220001" selected>本站</option>' in county_scope
    assert '<option value="" selected>全部站点</option>' in city_scope


def test_each_sub_site_has_its_own_organisation_and_leader_pages(portal_world: World, client: Client) -> None:
    directory = AgencyDirectoryPage.objects.get(agency=portal_world.jiayin_government)
    leaders = LeaderIndexPage.objects.get(agency=portal_world.jiayin_government)

    html = client.get(directory.url_path[len("/yichun") :]).content.decode()
    assert directory.url_path.startswith("/yichun/jiayin/")
    assert "嘉荫县民政局" in html  # a department, from the organisation tree
    assert "网站标识码：2307220001" in html  # on the county's own site
    assert leaders.url_path.startswith("/yichun/jiayin/")
    assert client.get(leaders.url_path[len("/yichun") :]).status_code == 200
