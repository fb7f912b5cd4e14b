from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "planverk.plans"
    verbose_name = "Planer"
