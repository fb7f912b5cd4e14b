from django.urls import path

from planverk.stats import api

app_name = "stats_api"

urlpatterns = [
    path("statistics/<str:number>", api.statistics, name="statistics"),
]
