"""Building tickets for the tests through the service, as a citizen would."""

from __future__ import annotations

from typing import Any

from yiwang.modules.tickets import services
from yiwang.modules.tickets.models import Category, Ticket

PHONE = "13904581234"


def heating() -> Category:
    """城乡建设 / 供热采暖 — seeded by migration 0002; made again after a transactional test's flush."""
    parent, _ = Category.objects.get_or_create(code="01", defaults={"name": "城乡建设"})
    category, _ = Category.objects.get_or_create(
        code="0101", defaults={"name": "供热采暖", "parent": parent, "time_limit_days": 3}
    )
    return category


def submit(**overrides: Any) -> Ticket:
    values: dict[str, Any] = {
        "channel": Ticket.Channel.MAYOR_MAILBOX,
        "kind": Ticket.Kind.COMPLAINT,
        "category": heating(),
        "title": "伊美区朝阳小区供暖温度不达标",
        "content": "伊美区朝阳小区3号楼自11月起室温长期低于18度，多次联系供热公司未解决，请督促整改。",
        "contact_name": "张伟",
        "contact_phone": PHONE,
        "address": "伊春市伊美区朝阳小区3号楼",
    }
    values.update(overrides)
    return services.submit_ticket(**values)
