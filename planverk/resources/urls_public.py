from django.urls import path

from planverk.resources import views_public

app_name = "resources"

urlpatterns = [
    path("", views_public.index, name="index"),
]
