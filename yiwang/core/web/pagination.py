"""Pagination for lists that grow to millions of rows (诉求工单, audit entries …).

An exact `COUNT(*)` over a million rows costs more than the page itself, and no one pages to the
20,000th row — they filter. `CappedPaginator` counts at most `cap` rows (`SELECT COUNT(*) FROM
(… LIMIT cap + 1)`, which stops at the cap) and says "10,000 件以上" beyond it; the pages up to the
cap are reachable as usual.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.paginator import Paginator

DEFAULT_CAP = 10_000


class CappedPaginator(Paginator):  # type: ignore[type-arg]
    def __init__(self, object_list: Any, per_page: int, *, cap: int = DEFAULT_CAP, **kwargs: Any) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def _bounded_count(self) -> int:
        rows: Any = self.object_list  # a QuerySet: slicing then count() is COUNT over a LIMIT
        return int(rows[: self.cap + 1].count())

    @cached_property
    def count(self) -> int:
        """The rows, up to the cap."""
        return min(self._bounded_count, self.cap)

    @property
    def capped(self) -> bool:
        """True when there are more rows than the cap: show the count as "cap 以上"."""
        return self._bounded_count > self.cap
