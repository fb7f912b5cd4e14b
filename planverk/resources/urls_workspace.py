from django.urls import path

from planverk.resources import views_workspace as views

app_name = "resources_workspace"

urlpatterns = [
    path("", views.index, name="index"),
    path("nasjonalt/", views.national_list, name="national_list"),
    path("nasjonalt/ny/", views.national_create, name="national_create"),
    path("kommuner/<int:organisation_id>/", views.resource_list, name="resource_list"),
    path("kommuner/<int:organisation_id>/ny/", views.resource_create, name="resource_create"),
    path("<int:resource_id>/rediger/", views.resource_edit, name="resource_edit"),
    path("<int:resource_id>/slett/", views.resource_delete, name="resource_delete"),
]
