"""The official PDF of a document (GB/T 9704-2012) and its 发文稿纸, from plain data.

    render_document(spec: DocumentSpec) -> RenderedDocument
    render_drafting_sheet(spec: DraftingSheetSpec) -> bytes

Pure functions: no database, no network; fonts from the Debian packages listed in `fonts`.
"""

from .document import RenderingError, render_document
from .drafting_sheet import render_drafting_sheet
from .spec import DocumentSpec, DraftingSheetSpec, Opinion, RenderedDocument, SealBox

__all__ = [
    "DocumentSpec",
    "DraftingSheetSpec",
    "Opinion",
    "RenderedDocument",
    "RenderingError",
    "SealBox",
    "render_document",
    "render_drafting_sheet",
]
