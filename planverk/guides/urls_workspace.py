from django.urls import path

from planverk.guides import views_workspace as views

app_name = "guides_workspace"

urlpatterns = [
    path("", views.index, name="index"),
    path("kommuner/<int:organisation_id>/ny/", views.guide_create, name="guide_create"),
    path("<int:guide_id>/", views.guide_detail, name="guide_detail"),
    path("<int:guide_id>/rediger/", views.guide_edit, name="guide_edit"),
    path("<int:guide_id>/publiser/", views.guide_publish, name="guide_publish"),
    path("<int:guide_id>/avpubliser/", views.guide_unpublish, name="guide_unpublish"),
    path("<int:guide_id>/slett/", views.guide_delete, name="guide_delete"),
    path("<int:guide_id>/historikk/", views.guide_history_page, name="guide_history"),
    path("<int:guide_id>/steg/ny/", views.step_create, name="step_create"),
    path("steg/<int:step_id>/rediger/", views.step_edit, name="step_edit"),
    path("steg/<int:step_id>/slett/", views.step_delete, name="step_delete"),
    path("steg/<int:step_id>/flytt/", views.step_move, name="step_move"),
]
