from django.urls import URLPattern, URLResolver

app_name = "incubator"

urlpatterns: list[URLPattern | URLResolver] = []
