"""终审（含保密审查） — the last task of the 三审 workflow.

Like Wagtail's group approval, but approving asks the reviewer for the 保密审查 conclusion and
basis, and records it (`ConfidentialityReview`) against the revision being approved before the
workflow publishes it. Policy documents and disclosure items can only be published with such a
record (政府信息公开条例第十七条), so every site's workflow ends with this task.
"""

from __future__ import annotations

from typing import Any

from wagtail.models import AbstractGroupApprovalTask


class FinalReviewTask(AbstractGroupApprovalTask):
    """终审 with the 保密审查 record; members of the chosen groups approve."""

    class Meta:
        verbose_name = "终审（含保密审查）"
        verbose_name_plural = "终审（含保密审查）"

    def get_actions(self, obj: Any, user: Any) -> list[tuple[str, str, bool]]:
        if user.is_superuser or self._user_in_groups(user):
            return [("reject", "退回修改", True), ("approve", "终审通过（填写保密审查）", True)]
        return []

    def get_form_for_action(self, action: str) -> Any:
        from wagtail.forms import TaskStateCommentForm

        from ..forms import ConfidentialityReviewForm

        return ConfidentialityReviewForm if action == "approve" else TaskStateCommentForm

    def on_action(self, task_state: Any, user: Any, action_name: str, **kwargs: Any) -> Any:
        if action_name == "approve":
            from ..forms import DEFAULT_REVIEW_BASIS
            from ..services import record_confidentiality_review

            page = task_state.revision.content_object
            # The workflow publishes the latest revision (a reviewer may have edited before approving).
            record_confidentiality_review(
                page=page,
                revision=page.get_latest_revision() or task_state.revision,
                reviewer=user,
                conclusion=kwargs.pop("conclusion", "public"),
                basis=kwargs.pop("basis", DEFAULT_REVIEW_BASIS),
                note=kwargs.get("comment", ""),
            )
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls) -> str:
        return "指定用户组成员终审，并在通过时记录保密审查结论。"
