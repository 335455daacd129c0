"""Applications (办件): what an applicant submits for a service item, and its handling record."""

__all__: list[str] = []
