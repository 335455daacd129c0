"""Public URLs of the calendar (none yet: the staff screen lives in the workspace, see admin_urls)."""

from django.urls import URLPattern

app_name = "calendar"
urlpatterns: list[URLPattern] = []
