"""The refusal every 公文 service raises: a Chinese message, and per-field messages for a form."""

from __future__ import annotations


class DocumentRefused(Exception):
    """A refused change; nothing was written. `errors` maps form fields to their messages."""

    def __init__(self, message: str, *, errors: dict[str, str] | None = None, code: str = "refused") -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or {}
        self.code = code
