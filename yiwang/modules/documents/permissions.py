"""Who may do what with a 公文: the module's `can_…` helpers, all through the permission chokepoint.

Staff see the documents of their agencies only: the 主办 agency, a co-issuer of a joint document,
or a recipient it was distributed to (党政机关公文处理工作条例 §25 and §26).
"""

from __future__ import annotations

from typing import Any

from yiwang.core.permissions import access

VIEW = "documents.view"
DRAFT = "documents.draft"
REVIEW = "documents.review"
COUNTERSIGN = "documents.countersign"
SIGN_OFF = "documents.sign_off"
NUMBER = "documents.number"
SEAL = "documents.seal"
DISTRIBUTE = "documents.distribute"
SUPERVISE = "documents.supervise"
RECEIVE = "documents.receive"  # 收文: 签收、登记、初审、拟办、分办、传阅、催办、办结
INSTRUCT = "documents.instruct"  # 收文: 批办/阅批 (the leader's 批示, 圈阅)
HANDLE = "documents.handle"  # 收文: 承办 (主办/协办 departments report their result)
ALL_VERBS = (VIEW, DRAFT, REVIEW, COUNTERSIGN, SIGN_OFF, NUMBER, SEAL, DISTRIBUTE, SUPERVISE, RECEIVE, INSTRUCT, HANDLE)


def visible_agency_ids(user: Any) -> frozenset[int] | None:
    """The agencies whose documents `user` may see (None: every agency, for a global grant)."""
    scope = access.get_scope(user)
    ids: set[int] = set()
    for verb in ALL_VERBS:
        granted = scope.agency_ids(verb)
        if granted is None:
            return None
        ids |= granted
    return frozenset(ids)


def can_use_documents(user: Any) -> bool:
    """The 公文 screens are open to staff holding any 公文 verb somewhere."""
    ids = visible_agency_ids(user)
    return ids is None or bool(ids)


def drafting_agency_ids(user: Any) -> frozenset[int] | None:
    """The agencies in whose name `user` may draft (拟稿)."""
    return access.get_scope(user).agency_ids(DRAFT)


def can_draft(user: Any, agency_id: int | None = None) -> bool:
    return access.can(user, DRAFT, agency_id=agency_id)


def can_step(user: Any, verb: str, agency_id: int) -> bool:
    """May `user` act on a 发文 step that needs `verb` in `agency_id`?"""
    return access.can(user, verb, agency_id=agency_id)


def can_supervise(user: Any, agency_id: int) -> bool:
    return access.can(user, SUPERVISE, agency_id=agency_id)


def archiving_agency_ids(user: Any) -> frozenset[int] | None:
    """The agencies whose archive `user` keeps (归档 and a year's export: the 分发和归档 verb)."""
    return access.get_scope(user).agency_ids(DISTRIBUTE)
