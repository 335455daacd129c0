"""Module manifests: discovered from settings, validated by a system check, listed by a command."""

from __future__ import annotations

from io import StringIO
from unittest import mock

from django.core.management import call_command

from yiwang.core.registry import checks
from yiwang.core.registry.manifest import Manifest, MenuEntry, Searchable, Verb
from yiwang.core.registry.registry import all_verbs, get_manifest, get_manifests


def test_installed_modules_are_discovered_from_their_manifests() -> None:
    names = [manifest.name for manifest in get_manifests()]
    assert "portal" in names
    assert get_manifest("portal").title == "政府网站"


def test_core_and_module_verbs_are_known() -> None:
    verbs = all_verbs()
    assert verbs["core.view_audit"] == "查阅审计日志"
    assert "portal.publish" in verbs


def test_the_real_manifests_pass_the_system_check() -> None:
    assert checks.check_manifests() == []


def errors_for(manifest: Manifest) -> list[str]:
    with mock.patch.object(checks, "get_manifests", return_value=(manifest,)):
        return [error.id for error in checks.check_manifests()]


def test_a_manifest_for_a_module_that_is_not_installed_is_an_error() -> None:
    assert "yiwang.E001" in errors_for(Manifest(name="nosuch", title="无"))


def test_a_verb_outside_the_modules_namespace_is_an_error() -> None:
    assert "yiwang.E003" in errors_for(
        Manifest(name="portal", title="网站", verbs=(Verb(code="core.steal", label="越权"),))
    )


def test_a_verb_given_to_an_unknown_administrator_role_is_an_error() -> None:
    assert "yiwang.E007" in errors_for(
        Manifest(name="portal", title="网站", verbs=(Verb(code="portal.x", label="越权", admin_role="root"),))
    )
    assert "yiwang.E007" not in errors_for(
        Manifest(name="portal", title="网站", verbs=(Verb(code="portal.x", label="运维", admin_role="system"),))
    )


def test_a_menu_entry_with_an_undeclared_verb_or_unknown_url_is_an_error() -> None:
    manifest = Manifest(
        name="portal", title="网站", menu=(MenuEntry(label="坏", url_name="nope:nothing", verb="portal.nope"),)
    )
    assert {"yiwang.E004", "yiwang.E005"} <= set(errors_for(manifest))


def test_a_dotted_path_that_cannot_be_imported_is_an_error() -> None:
    manifest = Manifest(
        name="portal",
        title="网站",
        demo_data="yiwang.modules.portal.nothing.load",
        searchables=(Searchable(kind="portal.x", label="x", documents="no.such.callable"),),
    )
    assert errors_for(manifest).count("yiwang.E006") == 2


def test_the_modules_command_lists_each_module_and_its_declarations() -> None:
    out = StringIO()
    call_command("modules", stdout=out)
    text = out.getvalue()
    assert "portal — 政府网站" in text
    assert "portal.publish" in text
