"""The registry in Django's admin, for national superusers: read only, with what needs checking one filter away.

Changes go through the workspace, whose services validate, keep history and refresh the stored help pages.
"""

import datetime
from typing import Any

from django.conf import settings
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from planverk.help.models import Service, ServiceTranslation


class NeedsCheckFilter(admin.SimpleListFilter):
    title = _("kontroll")
    parameter_name = "kontroll"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("ja", _("Må kontrolleres")), ("nei", _("Kontrollert nylig"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Service]) -> QuerySet[Service]:
        stale = Service.objects.stale(timezone.localdate(), settings.HELP_VERIFY_DAYS)
        if self.value() == "ja":
            return queryset.filter(pk__in=stale.values("pk"))
        if self.value() == "nei":
            return queryset.exclude(pk__in=stale.values("pk"))
        return queryset


class NationalFilter(admin.SimpleListFilter):
    title = _("register")
    parameter_name = "register"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("nasjonalt", _("Nasjonale tjenester")), ("lokalt", _("Kommunenes tjenester"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Service]) -> QuerySet[Service]:
        if self.value() == "nasjonalt":
            return queryset.filter(organisation__isnull=True)
        if self.value() == "lokalt":
            return queryset.filter(organisation__isnull=False)
        return queryset


class ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class TranslationInline(ReadOnly, admin.TabularInline):
    model = ServiceTranslation
    extra = 0
    fields = ["language", "name", "description", "opening_hours"]


@admin.register(Service)
class ServiceAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["name", "organisation", "kind", "phone", "last_verified", "needs_check"]
    list_filter = [NeedsCheckFilter, NationalFilter, "kind"]
    search_fields = ["name", "organisation__name"]
    inlines = [TranslationInline]

    @admin.display(boolean=True, description=_("må kontrolleres"))
    def needs_check(self, service: Service) -> bool:
        limit = timezone.localdate() - datetime.timedelta(days=settings.HELP_VERIFY_DAYS)
        return service.last_verified is None or service.last_verified < limit
