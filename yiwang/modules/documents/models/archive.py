"""归档 (the archive by 件): filled in by the archive work."""

from __future__ import annotations

__all__: list[str] = []
