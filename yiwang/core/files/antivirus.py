"""恶意代码防范 (GB/T 22239 L3-CES1-23): an optional ClamAV scan of every upload.

When `CLAMAV_SOCKET` (clamd's Unix socket) or `CLAMAV_HOST` (with `CLAMAV_PORT`, default 3310)
is set, the file service streams each upload to clamd with the INSTREAM command before storing
it. A file clamd reports as infected is refused; so is every upload while clamd is configured but
unreachable (fail closed: an unscanned file is not accepted when scanning was promised). Without
the settings nothing is scanned — the type checks of the file service still apply.
"""

from __future__ import annotations

import socket
import struct
from dataclasses import dataclass
from typing import IO

from django.conf import settings

CHUNK = 64 * 1024


class ScannerUnavailable(RuntimeError):
    """clamd is configured but could not be asked."""


@dataclass(frozen=True)
class ScanResult:
    clean: bool
    signature: str = ""


def is_configured() -> bool:
    return bool(getattr(settings, "CLAMAV_SOCKET", "") or getattr(settings, "CLAMAV_HOST", ""))


def _connect() -> socket.socket:
    timeout = float(getattr(settings, "CLAMAV_TIMEOUT", 30))
    path = getattr(settings, "CLAMAV_SOCKET", "")
    if path:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        sock.connect(path)
        return sock
    return socket.create_connection(
        (settings.CLAMAV_HOST, int(getattr(settings, "CLAMAV_PORT", 3310))), timeout=timeout
    )


def scan(stream: IO[bytes]) -> ScanResult:
    """Send `stream` to clamd (INSTREAM: 4-byte big-endian length + data, ended by a zero length)
    and read its verdict: "stream: OK" or "stream: <signature> FOUND"."""
    try:
        with _connect() as sock:
            sock.sendall(b"zINSTREAM\0")
            stream.seek(0)
            while chunk := stream.read(CHUNK):
                sock.sendall(struct.pack(">I", len(chunk)) + chunk)
            sock.sendall(struct.pack(">I", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                data = sock.recv(4096)
                if not data:
                    break
                reply += data
    except OSError as exc:
        raise ScannerUnavailable(str(exc)) from exc
    finally:
        stream.seek(0)
    answer = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
    if answer.endswith("OK"):
        return ScanResult(clean=True)
    if answer.endswith("FOUND"):
        signature = answer.removeprefix("stream:").removesuffix("FOUND").strip()
        return ScanResult(clean=False, signature=signature)
    raise ScannerUnavailable(f"unexpected clamd reply: {answer[:200]}")
