from django.urls import path

from planverk.help import views_workspace as views

app_name = "help_workspace"

urlpatterns = [
    path("", views.index, name="index"),
    path("nasjonalt/", views.national_list, name="national_list"),
    path("nasjonalt/ny/", views.national_create, name="national_create"),
    path("kommuner/<int:organisation_id>/tjenester/", views.service_list, name="service_list"),
    path("kommuner/<int:organisation_id>/tjenester/ny/", views.service_create, name="service_create"),
    path("tjenester/<int:service_id>/rediger/", views.service_edit, name="service_edit"),
    path("tjenester/<int:service_id>/slett/", views.service_delete, name="service_delete"),
    path("tjenester/<int:service_id>/kontrollert/", views.service_verify, name="service_verify"),
    path("tjenester/<int:service_id>/oversettelser/ny/", views.translation_create, name="translation_create"),
    path("oversettelser/<int:translation_id>/rediger/", views.translation_edit, name="translation_edit"),
    path("oversettelser/<int:translation_id>/slett/", views.translation_delete, name="translation_delete"),
    path("kommuner/<int:organisation_id>/meldinger/", views.message_list, name="message_list"),
    path("nasjonalt/meldinger/", views.national_messages, name="national_messages"),
    path("meldinger/<int:message_id>/rediger/", views.message_edit, name="message_edit"),
    path("meldinger/<int:message_id>/slett/", views.message_delete, name="message_delete"),
    path("meldinger/<int:message_id>/flytt/", views.message_move, name="message_move"),
]
