"""The documents (公文), their numbers and opinions."""

__all__: list[str] = []
