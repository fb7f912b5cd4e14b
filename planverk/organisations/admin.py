from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from planverk.organisations.models import Organisation, Unit


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["number", "name", "kind", "written_language"]
    list_filter = ["kind", "written_language"]
    search_fields = ["number", "name", "short_name"]


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "organisation", "kind"]
    search_fields = ["name", "short_name", "organisation__name"]
    autocomplete_fields = ["organisation"]
