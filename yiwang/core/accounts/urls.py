"""/accounts/: login steps, logout, password change, self-registration and (when configured) OIDC."""

from django.conf import settings
from django.urls import URLPattern, URLResolver, path

from . import security_views, views

app_name = "accounts"
urlpatterns: list[URLPattern | URLResolver] = [
    path("login/", views.login_view, name="login"),
    path("otp/", views.otp_view, name="otp"),
    path("otp/recovery/", security_views.recovery_sign_in, name="recovery_sign_in"),
    path("key/begin/", security_views.key_authenticate_begin, name="key_authenticate_begin"),
    path("key/finish/", security_views.key_authenticate_finish, name="key_authenticate_finish"),
    path("reauth/", security_views.reauth_view, name="reauth"),
    # 账户安全: one's own security keys and recovery codes
    path("security/", security_views.security_page, name="security"),
    path("security/keys/begin/", security_views.key_register_begin, name="key_register_begin"),
    path("security/keys/finish/", security_views.key_register_finish, name="key_register_finish"),
    path("security/keys/<int:key_id>/rename/", security_views.key_rename, name="key_rename"),
    path("security/keys/<int:key_id>/remove/", security_views.key_remove, name="key_remove"),
    path("security/recovery-codes/", security_views.recovery_generate, name="recovery_generate"),
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
