from django.urls import path

from essmed.territories import views

app_name = "territories"

urlpatterns = [
    path("", views.region_list, name="list"),
    path("regions/<slug:slug>/", views.region_detail, name="region"),
]
