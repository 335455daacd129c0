"""Plain data of the seal service, importable without the signing library (a renderer says where
each seal goes with `SealBox` and never loads pyHanko)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SealBox"]


@dataclass(frozen=True)
class SealBox:
    """Where one seal goes: page index (0-based), and the box in PDF points from the page's bottom-left
    (a renderer, e.g. 公文's per GB/T 9704-2012, says where for each issuer)."""

    page: int
    x: float
    y: float
    width: float
    height: float
    issuer: str  # the issuer (e.g. 发文机关署名) this seal belongs to
