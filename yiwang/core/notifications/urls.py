from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.public_box, name="box"),
    path("<int:message_id>/", views.public_detail, name="detail"),
    path("<int:message_id>/read/", views.mark_read, name="mark-read"),
    path("read-all/", views.mark_all_read, name="mark-all-read"),
    path("unread-badge/", views.unread_badge, name="unread-badge"),
    path("preferences/", views.preferences, name="preferences"),
]
