"""The workflow engine has no public pages: its screens live in the staff workspace
(`admin_urls.py`, mounted by `wagtail_hooks.py`) and its API in `api.py`."""

app_name = "workflow_public"
urlpatterns: list[object] = []
