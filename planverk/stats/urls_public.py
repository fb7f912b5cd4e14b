from django.urls import path

from planverk.stats import views_public

app_name = "stats"

urlpatterns = [
    path("statistikk/", views_public.index, name="index"),
    path("statistikk/<slug:key>/", views_public.geography, name="geography"),
    path("statistikk/<slug:key>/tabell.csv", views_public.table_csv, name="table_csv"),
]
