"""The module manifest: the one page to read to understand a feature module.

Each module under `yiwang.modules` has a `manifest.py` exposing `manifest = Manifest(...)`.
Core loops over manifests and never names a module. Everything here is plain data or dotted
paths, so a manifest can be imported without importing the module's models.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True, kw_only=True)
class MenuEntry:
    """A staff-workspace menu item. `verb` hides it from staff who lack that permission."""

    label: str
    url_name: str
    icon: str = "folder-open-inverse"
    verb: str = ""
    order: int = 100


@dataclass(frozen=True, kw_only=True)
class Verb:
    """A permission verb, e.g. `portal.publish` — 发布. `roles`: the codes of the reference roles
    (`core.orgs.reference.ROLES`) that hold it in the reference deployment."""

    code: str
    label: str
    roles: tuple[str, ...] = ()
    # One of the three administrators (`User.AdminRole`: system / security / audit) who holds the
    # verb platform-wide, for a module's technical duty such as the seal authority; empty for the
    # verbs of business roles.
    admin_role: str = ""


@dataclass(frozen=True, kw_only=True)
class Searchable:
    """Content the module registers with the search service.

    `documents` is a dotted path to a callable yielding `yiwang.core.search.types.SearchDocument`
    for a full rebuild; modules index single objects through the search service after commit.
    """

    kind: str
    label: str
    documents: str
    # Staff-only content (all its documents `public=False`, e.g. a knowledge base): the public
    # search page does not offer it as a category.
    staff_only: bool = False


@dataclass(frozen=True, kw_only=True)
class Manifest:
    """Declares what a module contributes to the platform."""

    name: str  # the app label, e.g. "portal"
    title: str  # Chinese display name, e.g. "政府网站"
    description: str = ""
    urls: str = ""  # dotted path to a urls module mounted at /<url_prefix>/
    url_prefix: str = ""
    api: str = ""  # dotted path to a django-ninja Router
    menu: tuple[MenuEntry, ...] = ()
    verbs: tuple[Verb, ...] = ()
    searchables: tuple[Searchable, ...] = ()
    processes: tuple[str, ...] = ()  # paths (relative to the module) of BPMN 2.0 files
    demo_data: str = ""  # dotted path to a callable(stdout) loading the module's demo content
    exports: tuple[str, ...] = ()  # dotted paths to export callables
    statistics: tuple[str, ...] = ()  # dotted paths to callables returning {label: value}
    event_handlers: dict[str, str] = field(default_factory=dict)  # event name -> dotted handler
    # dotted path to a callable(request, page) returning the site a public page belongs to, for the
    # shared layout: `.key` (the site's chrome cache key, found without a query) and `.identity`
    # (its name in the header, its 网站标识 in the footer, read only when the chrome is rendered)
    # or None; one module declares it
    site_identity: str = ""
    # dotted path to a callable(code="") returning the ids (a `values("agency_id")` queryset) of the
    # agencies that need an electronic seal (`core.seals`) beyond those with a 机关代字 of their own;
    # given a code, the agency the module knows by it (`issue_agency_seals --agency <code>`)
    seal_agencies: str = ""

    def verb_codes(self) -> set[str]:
        return {verb.code for verb in self.verbs}


Loader = Callable[[], object]
