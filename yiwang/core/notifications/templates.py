"""Notification templates (通知模板). Apps register defaults in code from `AppConfig.ready()`:

    register_template("tickets.assigned", title="工单 {{ ticket.number }} 已派发给您",
                      body="…", sms="【一网】工单{{ ticket.number }}待办理")

An administrator may override a template in the database (`NotificationTemplate`, same code);
the override wins. Templates are Django template strings rendered without HTML escaping (the
output is plain text; the message box escapes on display).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.template import engines


@dataclass(frozen=True)
class TemplateDefault:
    code: str
    title: str
    body: str
    sms: str | None


_REGISTRY: dict[str, TemplateDefault] = {}


class UnknownTemplate(LookupError):
    pass


def register_template(code: str, *, title: str, body: str, sms: str | None = None) -> None:
    """Register (or replace, e.g. on autoreload) the code default for `code`."""
    _REGISTRY[code] = TemplateDefault(code=code, title=title, body=body, sms=sms)


def registered_templates() -> dict[str, TemplateDefault]:
    return dict(_REGISTRY)


def get_source(code: str) -> TemplateDefault:
    """The effective source: the database override if there is one, else the code default."""
    from .models import NotificationTemplate

    override = NotificationTemplate.objects.filter(code=code).first()
    if override is not None:
        return TemplateDefault(code=code, title=override.title, body=override.body, sms=override.sms or None)
    try:
        return _REGISTRY[code]
    except KeyError as exc:
        raise UnknownTemplate(f"通知模板 {code!r} 未注册 (notification template not registered)") from exc


def _render_string(source: str, context: dict[str, Any]) -> str:
    template = engines["django"].from_string("{% autoescape off %}" + source + "{% endautoescape %}")
    return template.render(context).strip()


def render_source(source: TemplateDefault, context: dict[str, Any]) -> tuple[str, str, str | None]:
    title = " ".join(_render_string(source.title, context).split())[:200]
    body = _render_string(source.body, context)
    sms = _render_string(source.sms, context) if source.sms else None
    return title, body, sms or None


def render(code: str, context: dict[str, Any]) -> tuple[str, str, str | None]:
    """Render `code` with `context` → (title, body, sms text or None)."""
    return render_source(get_source(code), context)
