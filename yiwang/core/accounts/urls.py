"""/accounts/: login steps, logout, password change, self-registration and (when configured) OIDC."""

from django.conf import settings
from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "accounts"
urlpatterns: list[URLPattern | URLResolver] = [
    path("login/", views.login_view, name="login"),
    path("otp/", views.otp_view, name="otp"),
    path("logout/", views.logout_view, name="logout"),
    path("password/", views.password_change_view, name="password_change"),
    path("password/reset/", views.password_reset_view, name="password_reset"),
    path("password/reset/verify/", views.password_reset_verify_view, name="password_reset_verify"),
    path("register/", views.register_view, name="register"),
    path("register/enterprise/", views.register_enterprise_view, name="register_enterprise"),
    path("register/verify/", views.register_verify_view, name="register_verify"),
    path("register/done/", views.register_done_view, name="register_done"),
    # 工作人员账户 (system administrator, in the workspace shell)
]

if settings.OIDC_ENABLED:
    # 省级统一身份认证 (provincial identity provider), mounted only when configured.
    from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

    urlpatterns += [
        path("oidc/authenticate/", OIDCAuthenticationRequestView.as_view(), name="oidc_authentication_init"),
        path("oidc/callback/", OIDCAuthenticationCallbackView.as_view(), name="oidc_authentication_callback"),
    ]
