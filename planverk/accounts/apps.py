from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "planverk.accounts"
    verbose_name = "Brukere"
