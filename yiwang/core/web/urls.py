"""Public chrome endpoints: 长辈版 switch, language switch, after-login routing and 我的 (/my/)."""

from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from . import views

# The two display switches only set a preference cookie in the visitor's own browser (nothing on
# the server, nothing personal), so their forms carry no CSRF token: a token in the public layout
# would set a csrftoken cookie on every anonymous page and make it uncacheable (ADR 0006).

app_name = "web"
urlpatterns = [
    path("elder-mode/", views.elder_mode, name="elder-mode"),
    path("i18n/setlang/", csrf_exempt(set_language), name="set-language"),
    path("after-login/", views.after_login, name="after-login"),
    path("my/", views.my_home, name="my"),
]
