"""Staff-account screens (system administrator), mounted in the workspace at /staff/accounts/."""

from django.urls import path

from . import staff_views

app_name = "accounts_staff"
urlpatterns = [
    path("", staff_views.staff_list, name="staff_list"),
    path("new/", staff_views.staff_create, name="staff_create"),
    path("<int:user_id>/unlock/", staff_views.staff_unlock, name="staff_unlock"),
    path("<int:user_id>/reset-totp/", staff_views.staff_reset_totp, name="staff_reset_totp"),
    path("<int:user_id>/", staff_views.staff_detail, name="staff_detail"),
    path("<int:user_id>/admin-role/", staff_views.staff_admin_role, name="staff_admin_role"),
    path("<int:user_id>/memberships/", staff_views.staff_grant_membership, name="staff_grant_membership"),
    path(
        "<int:user_id>/memberships/<int:membership_id>/revoke/",
        staff_views.staff_revoke_membership,
        name="staff_revoke_membership",
    ),
    path("export/", staff_views.staff_export, name="staff_export"),
]
