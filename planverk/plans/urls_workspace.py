from django.urls import path

from planverk.plans import views_workspace

app_name = "workspace"

urlpatterns = [
    path("", views_workspace.home, name="home"),
]
