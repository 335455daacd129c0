"""Upload purposes (上传用途): what may be uploaded for what. Each app registers its own in
`AppConfig.ready()`; core registers the generic ones below.

    register_purpose("tickets.evidence", allowed_types={"image/jpeg", "image/png", "application/pdf"},
                     max_bytes=10 * 1024 * 1024, label="工单证据材料")
"""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024

# MIME type → (label shown to people, extensions that may carry it). Only types listed here can be
# allowed for a purpose: each needs a content sniffer (see sniffing.py) and a known extension.
KNOWN_TYPES: dict[str, tuple[str, tuple[str, ...]]] = {
    "application/pdf": ("PDF", (".pdf",)),
    "application/ofd": ("OFD 版式文件", (".ofd",)),
    "image/jpeg": ("JPEG 图片", (".jpg", ".jpeg")),
    "image/png": ("PNG 图片", (".png",)),
    "image/gif": ("GIF 图片", (".gif",)),
    "image/webp": ("WebP 图片", (".webp",)),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("Word 文档 (docx)", (".docx",)),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("Excel 表格 (xlsx)", (".xlsx",)),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ("PowerPoint (pptx)", (".pptx",)),
    "application/zip": ("ZIP 压缩包", (".zip",)),
}


# Types we recognise only to name them in a refusal.
REFUSED_LABELS = {
    "application/vnd.ms-office.macroenabled": "含宏的 Office 文档",
    "application/x-dosexec": "Windows 可执行程序",
    "application/x-executable": "可执行程序",
    "text/html": "HTML 网页",
    "image/svg+xml": "SVG 图片",
}


def type_label(mime: str) -> str:
    if mime in KNOWN_TYPES:
        return KNOWN_TYPES[mime][0]
    return REFUSED_LABELS.get(mime, mime)


def type_extensions(mime: str) -> tuple[str, ...]:
    return KNOWN_TYPES[mime][1] if mime in KNOWN_TYPES else ()


@dataclass(frozen=True)
class Purpose:
    name: str
    allowed_types: frozenset[str]
    max_bytes: int
    label: str

    @property
    def max_mb(self) -> str:
        """The limit in MB for messages: '20', or '0.5'."""
        value = self.max_bytes / MB
        return f"{value:g}"

    @property
    def type_labels(self) -> list[str]:
        return sorted(type_label(t) for t in self.allowed_types)

    @property
    def extensions(self) -> list[str]:
        return sorted({ext for t in self.allowed_types for ext in type_extensions(t)})

    @property
    def accept(self) -> str:
        """The value of the file input's `accept` attribute (a hint only: the server sniffs)."""
        return ",".join(self.extensions)


_PURPOSES: dict[str, Purpose] = {}


class UnknownPurpose(LookupError):
    pass


def register_purpose(name: str, *, allowed_types: set[str], max_bytes: int, label: str) -> None:
    unknown = set(allowed_types) - set(KNOWN_TYPES)
    if unknown:
        raise ValueError(f"no sniffer for type(s) {sorted(unknown)}; add them to KNOWN_TYPES first")
    if max_bytes <= 0:
        raise ValueError("max_bytes must be positive")
    _PURPOSES[name] = Purpose(name=name, allowed_types=frozenset(allowed_types), max_bytes=max_bytes, label=label)


def get_purpose(name: str) -> Purpose:
    try:
        return _PURPOSES[name]
    except KeyError as exc:
        raise UnknownPurpose(f"上传用途 {name!r} 未注册 (upload purpose not registered)") from exc


def registered_purposes() -> dict[str, Purpose]:
    return dict(_PURPOSES)


def register_core_purposes(default_max_bytes: int) -> None:
    # 附件: documents citizens and staff exchange. OFD is the national e-document format
    # (GB/T 33190-2016, used for e-certificates, GB/T 36905); ZIP for bundles of materials.
    register_purpose(
        "attachment",
        allowed_types={
            "application/pdf",
            "application/ofd",
            "image/jpeg",
            "image/png",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/zip",
        },
        max_bytes=default_max_bytes,
        label="附件",
    )
    register_purpose(
        "image",
        allowed_types={"image/jpeg", "image/png", "image/gif", "image/webp"},
        max_bytes=min(default_max_bytes, 10 * MB),
        label="图片",
    )
