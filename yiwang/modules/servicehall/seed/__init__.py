"""The seed of the service-hall catalogue: real 政务服务事项 of 伊春市 with their 办事指南, materials,
steps and application forms, one file a theme or agency. Plain data; `services.seeding.load_catalogue`
writes it."""

from __future__ import annotations

from . import civil_affairs, construction, market, people, sectors, transport_forestry
from .tax import etax_item
from .topics import LIFE_EVENTS, TOPICS
from .types import FormDefinition, Item, Material, Step, Topic

__all__ = ["LIFE_EVENTS", "TOPICS", "FormDefinition", "Item", "Material", "Step", "Topic", "all_items"]


def all_items() -> tuple[Item, ...]:
    """Every seeded item, built now (the 电子税务 link follows the current settings)."""
    return (
        *market.ITEMS,
        *civil_affairs.ITEMS,
        *construction.ITEMS,
        *transport_forestry.ITEMS,
        *people.ITEMS,
        *sectors.ITEMS,
        etax_item(),
    )
