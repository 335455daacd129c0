"""Organisation screens, mounted in the staff workspace at /staff/orgs/."""

from django.urls import path

from . import views

app_name = "orgs_staff"
urlpatterns = [
    path("", views.agency_list, name="agencies"),
    path("new/", views.agency_edit, name="agency_new"),
    path("<int:pk>/", views.agency_edit, name="agency_edit"),
    path("roles/", views.role_list, name="roles"),
    path("roles/<int:pk>/", views.role_edit, name="role_edit"),
]
