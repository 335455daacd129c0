"""The physical hall's queue: service lines, windows and numbers."""

__all__: list[str] = []
