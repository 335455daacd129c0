"""Staff screens of the workflow engine, mounted in the workspace (wagtail_hooks.py):

- `inbox`      /staff/inbox/ — 待办, 已办, 我发起的, 待阅/已阅, 委托
- `task`       /staff/workflow/items/<id>/ — the generic task page and every verb's POST
- `tracking`   /staff/workflow/instances/<id>/ — the diagram and the chronological log
- `definitions` /staff/workflow/definitions/ — versions, diagrams, upload (core.manage_processes)
- `start`      /staff/workflow/start/ — 发起
"""
