"""Security screens, mounted in the staff workspace at /staff/security/."""

from django.urls import path

from . import views

app_name = "security"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("incidents/", views.incident_list, name="incidents"),
    path("incidents/new/", views.incident_new, name="incident_new"),
    path("incidents/<int:pk>/", views.incident_detail, name="incident"),
    path("report/", views.report_page, name="report"),
    path("report.pdf", views.report_pdf, name="report_pdf"),
    path("drill/", views.run_drill, name="drill"),
]
