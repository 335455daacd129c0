"""Objects of the form editor's access declarations for the authorisation matrix."""

from __future__ import annotations

import uuid

from yiwang.core.orgs.models import Agency

from .forms_support import make_item


def make_item_of(agency: Agency) -> dict[str, int]:
    """A real service item of `agency` (the matrix tries the user's own agency and another)."""
    return {"item_id": make_item(agency, code=f"MATRIX-FORM-{uuid.uuid4().hex[:12].upper()}").pk}
