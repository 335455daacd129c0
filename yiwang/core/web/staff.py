"""The staff workspace (工作台) built from the module manifests: menu entries and the home panel.

Wagtail hooks in `wagtail_hooks.py` call into here; everything is computed per request so a
menu entry appears only for staff whose scope grants its verb (the permission chokepoint).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.urls import NoReverseMatch, reverse
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from yiwang.core.permissions.access import can
from yiwang.core.registry.manifest import Manifest, MenuEntry
from yiwang.core.registry.registry import get_manifests

from . import selectors

# Wagtail's own help menu links to wagtail.org; government intranets often have no internet.
HIDDEN_WAGTAIL_ITEMS = frozenset({"help"})


class ManifestMenuItem(MenuItem):
    """A menu entry declared in a module manifest, shown only when the user holds its verb."""

    def __init__(self, manifest: Manifest, entry: MenuEntry) -> None:
        super().__init__(
            entry.label,
            reverse(entry.url_name),
            name=f"{manifest.name}-{entry.url_name.replace(':', '-')}",
            icon_name=entry.icon,
            order=entry.order,
        )
        self.verb = entry.verb

    def is_shown(self, request: Any) -> bool:
        return not self.verb or can(request.user, self.verb)


def manifest_menu_items(manifests: Iterable[Manifest]) -> list[ManifestMenuItem]:
    items = []
    for manifest in manifests:
        for entry in manifest.menu:
            try:
                items.append(ManifestMenuItem(manifest, entry))
            except NoReverseMatch:
                continue  # reported by the registry's system check (yiwang.E005)
    return items


def construct_menu(request: Any, menu_items: list[MenuItem]) -> None:
    """Add the modules' entries the user may use; drop Wagtail items that reach the internet."""
    menu_items[:] = [item for item in menu_items if item.name not in HIDDEN_WAGTAIL_ITEMS]
    menu_items.extend(item for item in manifest_menu_items(get_manifests()) if item.is_shown(request))


class WorkspaceSummaryPanel(Component):
    """工作台首页: who I am in the organisation and what is waiting for me (only real counts)."""

    name = "yiwang_workspace_summary"
    template_name = "web/staff/summary_panel.html"
    order = 10

    def get_context_data(self, parent_context: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
        request = (parent_context or {}).get("request")
        user = request.user if request is not None else None
        posts = selectors.list_posts(user) if user is not None else []
        try:
            messages_url = reverse("notifications:box")
        except NoReverseMatch:
            messages_url = ""
        return {
            "staff_user": user,
            "posts": posts,
            "admin_role": user.get_admin_role_display() if user is not None and user.admin_role else "",
            "unread_count": selectors.count_unread_messages(user) if user is not None else 0,
            "messages_url": messages_url,
        }


def construct_panels(request: Any, panels: list[Any]) -> None:
    panels.insert(0, WorkspaceSummaryPanel())
