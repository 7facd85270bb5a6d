from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from essmed.api import api
from essmed.core.views import favicon

urlpatterns: list[URLPattern | URLResolver] = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("favicon.ico", favicon, name="favicon"),
    path("api/", api.urls),
]

urlpatterns += i18n_patterns(
    path("", include("essmed.core.urls")),
    path("accounts/", include("essmed.accounts.urls")),
    path("territories/", include("essmed.territories.urls")),
    path("actors/", include("essmed.directory.urls")),
    path("events/", include("essmed.events.urls")),
    path("funding/", include("essmed.funding.urls")),
    path("incubator/", include("essmed.incubator.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)
