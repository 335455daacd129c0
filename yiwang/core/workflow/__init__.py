"""The one workflow engine and the one 待办 inbox: BPMN 2.0 executed with SpiffWorkflow (see ADR 0007)."""
