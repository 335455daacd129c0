"""Staff screens, mounted under the staff workspace (/staff/calendar/) by wagtail_hooks."""

from django.urls import path

from . import views

app_name = "calendar_staff"
urlpatterns = [
    path("", views.year_view, name="year"),
    path("overrides/add/", views.override_edit, name="override_add"),
    path("overrides/<int:pk>/", views.override_edit, name="override_edit"),
    path("overrides/<int:pk>/delete/", views.override_delete, name="override_delete"),
    path("years/", views.year_mark, name="year_mark"),
]
