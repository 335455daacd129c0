from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.files.storage import InMemoryStorage, default_storage


@pytest.fixture(autouse=True)
def fresh_storage() -> Iterator[InMemoryStorage]:
    """Each test gets an empty in-memory storage, so 'no blob left behind' can be checked."""
    default_storage._setup()
    previous = default_storage._wrapped
    storage = InMemoryStorage()
    default_storage._wrapped = storage
    yield storage
    default_storage._wrapped = previous


@pytest.fixture
def login(client):  # type: ignore[no-untyped-def]
    """Sign `user` in on the test client; staff also pass the second factor (as after TOTP)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def do(user):  # type: ignore[no-untyped-def]
        client.force_login(user)
        if user.kind == "staff":
            device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
            session = client.session
            session["otp_device_id"] = device.persistent_id
            session.save()
        return client

    return do
