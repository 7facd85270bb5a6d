from django.urls import URLPattern, URLResolver, path

from essmed.funding import views_alerts, views_calls, views_projects

app_name = "funding"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views_calls.home, name="home"),
    path("calls/", views_calls.call_list, name="calls"),
    path("calls/export.csv", views_calls.calls_csv_export, name="calls_csv"),
    path("calls/deadlines.ics", views_calls.calls_ical_export, name="calls_ics"),
    path("calls/<int:pk>/", views_calls.call_detail, name="call"),
    path("calls/<int:pk>/deadlines.ics", views_calls.call_ical_export, name="call_ics"),
    path("calls/<int:pk>/publish/", views_calls.call_publish, name="call_publish"),
    path("projects/", views_projects.project_list, name="projects"),
    path("projects/new/", views_projects.project_create, name="project_create"),
    path("projects/<int:pk>/", views_projects.project_detail, name="project"),
    path("projects/<int:pk>/edit/", views_projects.project_edit, name="project_edit"),
    path("projects/<int:pk>/delete/", views_projects.project_delete, name="project_delete"),
    path("projects/<int:pk>/partners/", views_projects.partner_add, name="partner_add"),
    path("projects/<int:pk>/calls/", views_projects.project_calls, name="project_calls"),
    path("partners/<int:pk>/", views_projects.partner_edit, name="partner_edit"),
    path("partners/<int:pk>/remove/", views_projects.partner_remove, name="partner_remove"),
    path("check/", views_projects.check, name="check"),
    path("alerts/", views_alerts.search_list, name="searches"),
    path("alerts/new/", views_alerts.search_save, name="search_save"),
    path("alerts/<int:pk>/delete/", views_alerts.search_delete, name="search_delete"),
]
