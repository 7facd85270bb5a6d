from django.urls import URLPattern, URLResolver, path

from essmed.events import views_agenda, views_organise, views_public, views_requests

app_name = "events"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views_public.event_list, name="list"),
    path("new/", views_organise.event_create, name="create"),
    path("participants/<int:pk>/", views_public.participant, name="participant"),
    path("participants/<int:pk>/request/", views_requests.request_create, name="request_create"),
    path("participants/<int:pk>/check-in/", views_organise.checkin_mark, name="checkin_mark"),
    path("requests/<int:pk>/answer/", views_requests.request_answer, name="request_answer"),
    path("requests/<int:pk>/cancel/", views_requests.request_cancel, name="request_cancel"),
    path("requests/<int:pk>/constraints/", views_requests.request_constraints, name="request_constraints"),
    path("slots/<int:pk>/delete/", views_organise.slot_delete, name="slot_delete"),
    path("<slug:slug>/", views_public.event_detail, name="detail"),
    path("<slug:slug>/edit/", views_organise.event_edit, name="edit"),
    path("<slug:slug>/register/", views_public.register, name="register"),
    path("<slug:slug>/profile/", views_public.profile, name="profile"),
    path("<slug:slug>/cancel/", views_public.cancel_registration, name="cancel_registration"),
    path("<slug:slug>/participants/", views_public.participants, name="participants"),
    path("<slug:slug>/requests/", views_requests.requests, name="requests"),
    path("<slug:slug>/agenda/", views_agenda.agenda, name="agenda"),
    path("<slug:slug>/agenda.ics", views_agenda.agenda_ics, name="agenda_ics"),
    path("<slug:slug>/agenda.pdf", views_agenda.agenda_pdf, name="agenda_pdf"),
    path("<slug:slug>/organise/", views_organise.organise, name="organise"),
    path("<slug:slug>/slots/", views_organise.slots, name="slots"),
    path("<slug:slug>/schedule/", views_organise.schedule, name="schedule"),
    path("<slug:slug>/schedule/status/", views_organise.schedule_status, name="schedule_status"),
    path("<slug:slug>/tables/", views_organise.table_plan, name="table_plan"),
    path("<slug:slug>/check-in/", views_organise.checkin, name="checkin"),
]
