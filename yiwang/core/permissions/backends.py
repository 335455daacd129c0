"""Bridges Django/Wagtail permission checks to the chokepoint.

Wagtail asks `user.has_perm("wagtailadmin.access_admin")` before showing the staff workspace;
that is answered by the account kind (active staff), not by Django groups. Other Django
permissions are not granted here — modules check verbs through `access.can`.
"""

from typing import Any

from django.contrib.auth.backends import BaseBackend

WORKSPACE_PERMISSION = "wagtailadmin.access_admin"


class StaffWorkspaceBackend(BaseBackend):
    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if perm != WORKSPACE_PERMISSION:
            return False
        return bool(user_obj.is_active and getattr(user_obj, "kind", "") == "staff")
