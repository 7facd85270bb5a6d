from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("i18n/", include("django.conf.urls.i18n")),
]

urlpatterns += i18n_patterns(
    path("", include("essmed.core.urls")),
    path("accounts/", include("essmed.accounts.urls")),
    path("territories/", include("essmed.territories.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)
