from django.urls import path

from planverk.plans import views_workspace as views

app_name = "workspace"

urlpatterns = [
    path("", views.home, name="home"),
    path("planer/ny/", views.plan_create, name="plan_create"),
    path("planer/<int:plan_id>/", views.plan_detail, name="plan_detail"),
    path("planer/<int:plan_id>/rediger/", views.plan_edit, name="plan_edit"),
    path("planer/<int:plan_id>/status/", views.plan_status, name="plan_status"),
    path("planer/<int:plan_id>/historikk/", views.plan_history, name="plan_history"),
    path("planer/<int:plan_id>/mal/ny/", views.goal_create, name="goal_create"),
    path("planer/<int:plan_id>/tiltak/ny/", views.measure_create, name="measure_create"),
    path("mal/<int:goal_id>/rediger/", views.goal_edit, name="goal_edit"),
    path("mal/<int:goal_id>/slett/", views.goal_delete, name="goal_delete"),
    path("mal/<int:goal_id>/flytt/", views.goal_move, name="goal_move"),
    path("tiltak/<int:measure_id>/rediger/", views.measure_edit, name="measure_edit"),
    path("tiltak/<int:measure_id>/slett/", views.measure_delete, name="measure_delete"),
    path("tiltak/<int:measure_id>/flytt/", views.measure_move, name="measure_move"),
    path("tiltak/<int:measure_id>/mal/ny/", views.objective_create, name="objective_create"),
    path("resultatmal/<int:objective_id>/slett/", views.objective_delete, name="objective_delete"),
    path("organisasjoner/<int:organisation_id>/enheter/", views.unit_list, name="unit_list"),
]
