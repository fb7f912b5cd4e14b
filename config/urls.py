from django.contrib import admin
from django.http import HttpRequest
from django.urls import include, path


def _superuser_only(request: HttpRequest) -> bool:
    # The admin is for national superusers; organisation admins work in the workspace.
    return bool(request.user.is_active and request.user.is_superuser)


admin.site.has_permission = _superuser_only  # type: ignore[method-assign]
admin.site.site_header = "Planverk – administrasjon"

urlpatterns = [
    path("", include("planverk.followup.urls_public")),
    path("", include("planverk.plans.urls_public")),
    path("", include("planverk.stats.urls_public")),
    path("hjelp/", include("planverk.help.urls_public")),
    path("ressurser/", include("planverk.resources.urls_public")),
    path("veiledere/", include("planverk.guides.urls_public")),
    path("arbeidsflate/import/", include("planverk.importer.urls")),
    path("arbeidsflate/hjelp/", include("planverk.help.urls_workspace")),
    path("arbeidsflate/ressurser/", include("planverk.resources.urls_workspace")),
    path("arbeidsflate/veiledere/", include("planverk.guides.urls_workspace")),
    path("arbeidsflate/", include("planverk.followup.urls")),
    path("arbeidsflate/", include("planverk.plans.urls_workspace")),
    path("arbeidsflate/", include("planverk.stats.urls_workspace")),
    path("konto/", include("planverk.accounts.urls")),
    path("api/v1/", include("planverk.plans.urls_api")),
    path("api/v1/", include("planverk.stats.urls_api")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
