"""Helpers of the Open311 tests: the verb on the 派单员 role, a key, a form POST as an app sends it."""

from __future__ import annotations

from typing import Any

from yiwang.core.orgs.models import Role
from yiwang.modules.tickets import services
from yiwang.modules.tickets.models import Ticket
from yiwang.modules.tickets.services import open311
from yiwang.testing.personas import World

from .factories import PHONE, heating, submit

BASE = "/api/tickets/open311/v2"
DESCRIPTION = "伊美区朝阳小区3号楼门前路灯连续一周不亮，夜间行人摔倒，请尽快维修。"


def grant_api_keys(world: World) -> None:
    role = Role.objects.get(code="dispatcher")
    if open311.API_KEYS_VERB not in role.verbs:
        role.verbs = [*role.verbs, open311.API_KEYS_VERB]
        role.save(update_fields=["verbs"])


def new_key(world: World, **overrides: Any) -> str:
    grant_api_keys(world)
    values: dict[str, Any] = {"name": "伊春掌上12345", "actor": world.dispatcher, "contact": "李明 0458-3612345"}
    values.update(overrides)
    return open311.create_api_key(**values)[1]


def request_form(api_key: str, **overrides: Any) -> dict[str, str]:
    """A POST Service Request as a third-party app sends it (form-encoded)."""
    form = {
        "api_key": api_key,
        "service_code": heating().code,
        "lat": "47.726535",
        "long": "128.899416",
        "address_string": "伊春市伊美区朝阳小区3号楼",
        "description": DESCRIPTION,
        "first_name": "伟",
        "last_name": "张",
        "phone": PHONE,
        "attribute[kind]": "help",
    }
    form.update(overrides)
    return {key: value for key, value in form.items() if value is not None}


def replied(world: World, ticket: Ticket, reply: str = "经核查，路灯已于12月6日修复。") -> Ticket:
    """The ticket dispatched to 市民政局, replied and approved — published if its citizen consented."""
    ticket = services.dispatch_ticket(ticket=ticket, agency=world.city_civil_affairs, actor=world.dispatcher)
    ticket = services.draft_reply(ticket=ticket, actor=world.city_clerk, content=reply)
    return services.approve_reply(ticket=ticket, actor=world.leader)


def published(world: World, *, reply: str = "经核查，路灯已于12月6日修复。", **overrides: Any) -> Ticket:
    """A consenting citizen's ticket, replied and so published on 来信选登 (the public rule of Open311)."""
    return replied(world, submit(wants_public=True, **overrides), reply=reply)
