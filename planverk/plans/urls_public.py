from django.urls import path

from planverk.plans import views_public

app_name = "public"

urlpatterns = [
    path("", views_public.home, name="home"),
    path("planer/", views_public.plan_list, name="plan_list"),
    path("planer/<int:plan_id>/", views_public.plan_detail, name="plan_detail"),
    path("planer/<int:plan_id>/tiltak/<int:measure_id>/", views_public.measure_detail, name="measure_detail"),
]
