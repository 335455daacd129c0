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
