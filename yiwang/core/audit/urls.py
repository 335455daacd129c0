from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("", views.entry_list, name="entries"),
    path("verify/", views.chain_status, name="verify"),
    path("export.csv", views.export_csv, name="export"),
    path("export.json", views.export_json, name="export_json"),
]
