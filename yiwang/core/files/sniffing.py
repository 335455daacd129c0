"""Content type from the bytes (never from the name): puremagic for the signature, then a look
inside ZIP containers, because docx, xlsx, pptx and OFD are all ZIP files underneath."""

from __future__ import annotations

import zipfile
from typing import IO

import puremagic

ZIP = "application/zip"
# Office files with VBA macros: never one of the allowed types, whatever the extension says.
OFFICE_MACROS = "application/vnd.ms-office.macroenabled"
OOXML_MARKERS = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
# Named so that the refusal can say what it was (puremagic's guesses for these are vague).
EXECUTABLES = ((b"MZ", "application/x-dosexec"), (b"\x7fELF", "application/x-executable"))
# puremagic names some types differently from the registered MIME types.
ALIASES = {"image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg", "application/x-zip-compressed": ZIP}


def sniff(stream: IO[bytes]) -> str | None:
    """The MIME type of the stream's content, or None if unrecognised. Leaves the stream at 0."""
    stream.seek(0)
    head = stream.read(16)
    stream.seek(0)
    try:
        if head.startswith(b"PK\x03\x04"):
            return _sniff_zip(stream)
        for magic, mime in EXECUTABLES:
            if head.startswith(magic):
                return mime
        matches = puremagic.magic_stream(stream)
    except (puremagic.PureError, ValueError, OSError):
        return None
    finally:
        stream.seek(0)
    if not matches:
        return None
    typed = [m for m in matches if m.mime_type]
    if not typed:
        return None
    mime = max(typed, key=lambda m: m.confidence).mime_type
    return ALIASES.get(mime, mime)


def _sniff_zip(stream: IO[bytes]) -> str | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "OFD.xml" in names:
        return "application/ofd"
    if "[Content_Types].xml" in names:
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            return OFFICE_MACROS
        for prefix, mime in OOXML_MARKERS.items():
            if any(name.startswith(prefix) for name in names):
                return mime
    return ZIP
