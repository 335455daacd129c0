"""Citizen URLs of 诉求, mounted at /hudong/tickets/ (政民互动) by the manifest."""

from django.urls import path

from . import views
from .views import publication as publication_views
from .views import rating as rating_views
from .views import statistics as statistics_views

app_name = "tickets"

urlpatterns = [
    path("", views.submit, name="submit"),
    path("submitted/", views.submitted, name="submitted"),
    path("lookup/", views.lookup, name="lookup"),
    path("mine/", views.mine, name="mine"),
    path("mine/<int:ticket_id>/", rating_views.my_ticket, name="my_ticket"),
    path("rate/<str:token>/", rating_views.rate, name="rate"),
    path("public/", publication_views.public_list, name="public_list"),
    path("public/<int:publication_id>/", publication_views.public_detail, name="public_detail"),
    path("statistics/", statistics_views.public_summary, name="public_statistics"),
]
