"""Objects for the authorisation matrix (权限矩阵): `make(agency)` factories named by the portal's
`@access_policy(objects=…)` declarations."""

from __future__ import annotations

from datetime import date
from itertools import count
from typing import Any

from wagtail.models import Page

from yiwang.core.orgs.models import Agency
from yiwang.modules.portal.models import PolicyDocumentPage

_serial = count(1)


def make_policy_document(agency: Agency) -> dict[str, Any]:
    """A draft 政策文件 issued by `agency` (directly under the tree's root: no site needed)."""
    page = PolicyDocumentPage(
        title=f"权限矩阵检查：{agency.short_name}政策文件",
        slug=f"matrix-policy-{agency.pk}-{next(_serial)}",
        agency=agency,
        written_date=date(2026, 6, 10),
        body="<p>正文</p>",
        live=False,
    )
    Page.get_first_root_node().add_child(instance=page)
    return {"page_id": page.pk}
