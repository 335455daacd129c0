"""Public URLs of 公文, mounted at /documents/ by the manifest."""

from django.urls import path

from .views import verify

app_name = "documents"

urlpatterns: list = [
    path("verify/", verify.verify, name="verify"),
]
