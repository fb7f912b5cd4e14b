from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "planverk.organisations"
    verbose_name = "Organisasjoner"
