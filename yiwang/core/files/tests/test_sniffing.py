from __future__ import annotations

import io

import pytest

from yiwang.core.files.sniffing import sniff

from . import samples


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (samples.PDF, "application/pdf"),
        (samples.JPEG, "image/jpeg"),
        (samples.png(), "image/png"),
        (samples.docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (samples.xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (samples.ofd(), "application/ofd"),
        (samples.plain_zip(), "application/zip"),
        (b"just some words", None),
    ],
)
def test_type_is_sniffed_from_content(content: bytes, expected: str | None) -> None:
    stream = io.BytesIO(content)
    assert sniff(stream) == expected
    assert stream.tell() == 0


def test_an_executable_is_not_mistaken_for_an_allowed_type() -> None:
    assert sniff(io.BytesIO(samples.EXE)) not in {"application/pdf", "image/png", "image/jpeg"}
