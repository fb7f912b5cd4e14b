from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from planverk.plans.models import Goal, Measure, Plan, TargetGroup


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "level", "status", "period_start", "period_end"]
    list_filter = ["level", "status"]
    search_fields = ["title"]


@admin.register(Goal)
class GoalAdmin(SimpleHistoryAdmin):
    list_display = ["title", "plan", "number", "order"]
    search_fields = ["title"]


@admin.register(Measure)
class MeasureAdmin(SimpleHistoryAdmin):
    list_display = ["title", "plan", "number", "order"]
    search_fields = ["title"]


admin.site.register(TargetGroup)
