from django.urls import path

from planverk.followup import views

app_name = "followup"

urlpatterns = [
    path("mine-tiltak/", views.my_measures, name="my_measures"),
    path("planer/<int:plan_id>/oppfolging/", views.plan_followup, name="plan_followup"),
    path("planer/<int:plan_id>/oppfolging/ny-runde/", views.round_create, name="round_create"),
    path("planer/<int:plan_id>/evaluering/", views.evaluation_summary, name="evaluation_summary"),
    path("runder/<int:round_id>/", views.round_detail, name="round_detail"),
    path("runder/<int:round_id>/avslutt/", views.round_close, name="round_close"),
    path("runder/<int:round_id>/tiltak/<int:measure_id>/rapport/", views.report, name="report"),
    path("statusrapporter/<int:update_id>/behandle/", views.review, name="review"),
    path("tiltak/<int:measure_id>/oppfolging/", views.measure_followup, name="measure_followup"),
    path("tiltak/<int:measure_id>/evaluering/", views.evaluation_edit, name="evaluation_edit"),
    path("resultatmal/<int:objective_id>/indikatorer/ny/", views.indicator_create, name="indicator_create"),
]
