"""The resource bank in Django's admin, for national superusers: read only, with its history.

Changes go through the workspace, whose services validate, check safe messaging and keep the history.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from planverk.resources.models import Resource


@admin.register(Resource)
class ResourceAdmin(SimpleHistoryAdmin):
    list_display = ("title", "publisher", "organisation", "topic", "language", "link_status", "link_checked_at")
    list_filter = ("link_status", "topic", "language")
    search_fields = ("title", "publisher", "url")
    list_select_related = ("organisation",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
