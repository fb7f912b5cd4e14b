from django.urls import path

from planverk.stats import views_workspace as views

app_name = "stats_workspace"

urlpatterns = [
    path("statistikk/import/", views.import_statistics, name="import"),
    path("statistikk/import/<int:run_id>/", views.import_run, name="import_run"),
    path("statistikk/import/jobb/<int:job_id>/", views.import_job, name="import_job"),
]
