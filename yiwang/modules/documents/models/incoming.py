"""收文 (incoming documents): filled in by the 收文 work."""

from __future__ import annotations

__all__: list[str] = []
