"""The event base type. An event is a frozen dataclass of JSON-safe fields with a dotted name
(`<module>.<what_happened>`, past tense)."""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

_EVENT_TYPES: dict[str, type[Event]] = {}


@dataclasses.dataclass(frozen=True, kw_only=True)
class Event:
    name: ClassVar[str]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "name" in cls.__dict__:
            if cls.name in _EVENT_TYPES and _EVENT_TYPES[cls.name] is not cls:
                raise TypeError(f"event name {cls.name!r} is declared twice")
            _EVENT_TYPES[cls.name] = cls

    def payload(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def event_type(name: str) -> type[Event]:
    try:
        return _EVENT_TYPES[name]
    except KeyError as exc:
        raise LookupError(f"unknown event {name!r}") from exc
