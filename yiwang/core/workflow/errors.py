"""Errors of the workflow engine. Messages are Chinese first and say what to do next."""

from __future__ import annotations


class WorkflowError(Exception):
    """A refused operation; nothing was changed. `code` is stable for the API."""

    code = "workflow_error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class DefinitionError(WorkflowError):
    """A BPMN upload that cannot be used. `problems` are (element id or "", message) pairs."""

    code = "invalid_definition"

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("；".join(f"{element}：{message}" if element else message for element, message in problems))
