"""Citizen URLs of 诉求, mounted at /hudong/tickets/ (政民互动) by the manifest."""

from django.urls import path

from . import views

app_name = "tickets"

urlpatterns = [
    path("", views.submit, name="submit"),
    path("submitted/", views.submitted, name="submitted"),
    path("lookup/", views.lookup, name="lookup"),
    path("mine/", views.mine, name="mine"),
]
