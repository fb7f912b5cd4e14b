from django.urls import path

from planverk.guides import views_public

app_name = "guides"

urlpatterns = [
    path("", views_public.guide_list, name="list"),
    path("<int:guide_id>/", views_public.guide_detail, name="detail"),
    path("<int:guide_id>/utskrift/", views_public.guide_print, name="print"),
]
