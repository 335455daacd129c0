"""The seal library (电子印章): the seal image, the authority's and seals' certificates, PAdES
signing of a rendered 公文 (`seal_pdf`) and verification of any PDF (`verify_pdf`).

Pure functions over bytes and seal records; the rows are written by `yiwang.core.seals.services`.
"""

from ..types import SealBox
from .image import draw_seal
from .sign import SealingError, seal_pdf
from .verify import SealCheck, Verdict, Verification, verify_pdf

__all__ = ["SealBox", "SealCheck", "SealingError", "Verdict", "Verification", "draw_seal", "seal_pdf", "verify_pdf"]
