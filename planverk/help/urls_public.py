from django.urls import path, re_path

from planverk.help import views_public

app_name = "help"

urlpatterns = [
    path("", views_public.index, name="index"),
    # Before the slugs, so no municipality's slug can hide them.
    path("skjerm/", views_public.national_slide, name="national_slide"),
    path("plakat.pdf", views_public.national_poster, name="national_poster"),
    # A kommunenummer (four digits, e.g. 0301) before the slugs: /hjelp/3301/ → /hjelp/drammen/.
    re_path(r"^(?P<number>[0-9]{4})/$", views_public.by_number, name="by_number"),
    path("<slug:slug>/", views_public.municipality, name="municipality"),
    path("<slug:slug>/tjenester/", views_public.directory, name="directory"),
    path("<slug:slug>/skjerm/", views_public.slide, name="slide"),
    path("<slug:slug>/plakat.pdf", views_public.poster, name="poster"),
]
