"""Public URLs of the service hall, mounted at /services/ by the manifest."""

from django.urls import path

from .views import guide, progress
from .views import my_applications as my
from .views import queue_public as queue

app_name = "servicehall"

urlpatterns: list = [
    # 网上办事大厅 and the 办事指南 pages (views.guide)
    path("", guide.hall_home, name="home"),
    path("items/", guide.item_list, name="items"),
    path("topics/<slug:code>/", guide.topic_items, name="topic"),
    path("life-events/<slug:code>/", guide.life_event_items, name="life_event"),
    path("items/<str:code>/", guide.guide, name="guide"),
    path("items/<str:code>/files/<uuid:file_id>/", guide.form_file, name="form_file"),
    # 取号叫号: the kiosk, the printed ticket, the number's status page and the hall's display (views.queue_public)
    path("hall/<int:hall_id>/kiosk/", queue.kiosk, name="queue_kiosk"),
    path("hall/<int:hall_id>/kiosk/ticket/<str:token>/", queue.ticket_print, name="queue_ticket_print"),
    path("hall/ticket/<str:token>/", queue.ticket_status, name="queue_ticket_status"),
    path("hall/ticket/<str:token>/live/", queue.ticket_status_live, name="queue_ticket_status_live"),
    path("hall/<int:hall_id>/display/", queue.display, name="queue_display"),
    path("hall/<int:hall_id>/display/live/", queue.display_live, name="queue_display_live"),
    # 办件查询 (public, by 办件编号 and the last 4 digits) and 我的办件 (signed in) — views.progress, views.my_applications
    path("progress/", progress.lookup, name="progress"),
    path("my/", my.my_list, name="my_applications"),
    path("my/<int:application_id>/", my.my_detail, name="my_application"),
    path("my/<int:application_id>/notices/<int:notice_id>.pdf", my.my_notice_pdf, name="my_notice_pdf"),
]
