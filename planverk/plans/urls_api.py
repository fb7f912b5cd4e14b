from django.urls import path

from planverk.plans import api

app_name = "api"

urlpatterns = [
    path("plans", api.plan_list, name="plan_list"),
    path("plans/<int:plan_id>", api.plan_detail, name="plan_detail"),
    path("openapi.json", api.openapi, name="openapi"),
]
