"""/workspace/: reserved for staff screens outside the Wagtail shell (none yet; modules register
their screens in the workspace through Wagtail hooks)."""

from django.urls import URLPattern, URLResolver

app_name = "workspace"
urlpatterns: list[URLPattern | URLResolver] = []
