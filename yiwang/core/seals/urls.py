"""Staff screens, mounted under the staff workspace (/staff/seals/) by wagtail_hooks."""

from django.urls import path

from . import views

app_name = "seals"
urlpatterns = [
    path("", views.seal_list, name="list"),
    path("issue/", views.issue_seal, name="issue"),
    path("<int:seal_id>/revoke/", views.revoke_seal, name="revoke"),
]
