from django.urls import path

from planverk.importer import views

app_name = "importer"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("<int:import_id>/", views.detail, name="detail"),
    path("<int:import_id>/forkast/", views.discard, name="discard"),
]
