"""The agencies' electronic seals (电子印章)."""

__all__: list[str] = []
