"""The optional ClamAV scan, against a fake clamd speaking INSTREAM on a loopback socket."""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from yiwang.core.audit.models import AuditEntry
from yiwang.core.files import services
from yiwang.core.files.models import StoredFile
from yiwang.core.files.services import UploadRejected
from yiwang.testing.personas import World

from . import samples

pytestmark = pytest.mark.django_db
SIGNATURE = b"YIWANG-TEST-MALWARE"


class FakeClamd:
    """Answers one INSTREAM per connection: FOUND if the stream holds SIGNATURE, else OK."""

    def __init__(self, server: socket.socket) -> None:
        self.server = server
        self.received: list[bytes] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _read(self, conn: socket.socket, size: int) -> bytes:
        data = b""
        while len(data) < size:
            chunk = conn.recv(size - len(data))
            if not chunk:
                raise ConnectionError
            data += chunk
        return data

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                assert self._read(conn, 10) == b"zINSTREAM\0"
                body = b""
                while length := struct.unpack(">I", self._read(conn, 4))[0]:
                    body += self._read(conn, length)
                self.received.append(body)
                verdict = b"stream: Yiwang.Test.Signature FOUND\0" if SIGNATURE in body else b"stream: OK\0"
                conn.sendall(verdict)


@pytest.fixture
def clamd_tcp(settings: Any) -> Iterator[FakeClamd]:
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen()
    settings.CLAMAV_SOCKET, settings.CLAMAV_HOST, settings.CLAMAV_PORT = "", "127.0.0.1", server.getsockname()[1]
    yield FakeClamd(server)
    server.close()


@pytest.fixture
def clamd_unix(settings: Any, tmp_path: Path) -> Iterator[FakeClamd]:
    path = str(tmp_path / "clamd.sock")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen()
    settings.CLAMAV_SOCKET, settings.CLAMAV_HOST = path, ""
    yield FakeClamd(server)
    server.close()


def test_a_clean_file_is_scanned_whole_and_stored(world: World, clamd_tcp: FakeClamd) -> None:
    stored = services.upload(file=samples.upload("申请表.pdf", samples.PDF), purpose="attachment", user=world.citizen)
    assert StoredFile.objects.filter(pk=stored.pk).exists()
    assert clamd_tcp.received == [samples.PDF]


def test_an_infected_file_is_refused_with_a_chinese_message_and_audited(world: World, clamd_unix: FakeClamd) -> None:
    infected = samples.PDF + SIGNATURE
    with pytest.raises(UploadRejected) as refused:
        services.upload(file=samples.upload("申请表.pdf", infected), purpose="attachment", user=world.citizen)
    assert refused.value.code == "infected" and "病毒扫描" in refused.value.message
    assert not StoredFile.objects.exists()
    entry = AuditEntry.objects.get(event="files.malware")
    assert entry.result == "failure" and entry.detail["signature"] == "Yiwang.Test.Signature"


def test_uploads_are_refused_while_the_configured_scanner_is_down(world: World, settings: Any) -> None:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens there now
    settings.CLAMAV_SOCKET, settings.CLAMAV_HOST, settings.CLAMAV_PORT = "", "127.0.0.1", port
    with pytest.raises(UploadRejected) as refused:
        services.upload(file=samples.upload("申请表.pdf", samples.PDF), purpose="attachment", user=world.citizen)
    assert refused.value.code == "scan_unavailable"
    assert not StoredFile.objects.exists()


def test_without_clamav_settings_nothing_is_scanned(world: World, settings: Any) -> None:
    settings.CLAMAV_SOCKET, settings.CLAMAV_HOST = "", ""
    stored = services.upload(file=samples.upload("申请表.pdf", samples.PDF), purpose="attachment", user=world.citizen)
    assert stored.size == len(samples.PDF)
