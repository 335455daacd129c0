"""Public chrome endpoints: 长辈版 switch, language switch, after-login routing and 我的 (/my/)."""

from django.urls import path
from django.views.i18n import set_language

from . import views

app_name = "web"
urlpatterns = [
    path("elder-mode/", views.elder_mode, name="elder-mode"),
    path("i18n/setlang/", set_language, name="set-language"),
    path("after-login/", views.after_login, name="after-login"),
    path("my/", views.my_home, name="my"),
]
