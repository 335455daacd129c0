"""Application forms defined as data (JSON Schema plus layout)."""

__all__: list[str] = []
