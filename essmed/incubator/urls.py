from django.urls import URLPattern, URLResolver, path

from essmed.incubator import views_apply, views_dashboard, views_journey

app_name = "incubator"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views_apply.home, name="home"),
    path("calls/<int:pk>/", views_apply.call_detail, name="call"),
    path("calls/<int:pk>/apply/", views_apply.apply, name="apply"),
    path("calls/<int:pk>/committee/", views_apply.committee, name="committee"),
    path("applications/<int:pk>/", views_apply.application_detail, name="application"),
    path("applications/<int:pk>/edit/", views_apply.application_edit, name="application_edit"),
    path("applications/<int:pk>/state/", views_apply.application_transition, name="application_transition"),
    path("applications/<int:pk>/review/", views_apply.review, name="review"),
    path("applications/<int:pk>/decision/", views_apply.decide, name="decide"),
    path("projects/<int:pk>/", views_journey.project_detail, name="project"),
    path("projects/<int:pk>/edit/", views_journey.project_edit, name="project_edit"),
    path("projects/<int:pk>/stage/", views_journey.project_stage, name="project_stage"),
    path("projects/<int:pk>/diagnostics/new/", views_journey.diagnostic_create, name="diagnostic_create"),
    path("projects/<int:pk>/plan/new/", views_journey.plan_action_create, name="plan_action_create"),
    path("projects/<int:pk>/milestones/new/", views_journey.milestone_create, name="milestone_create"),
    path("projects/<int:pk>/sessions/new/", views_journey.session_create, name="session_create"),
    path("projects/<int:pk>/follow-ups/new/", views_journey.followup_create, name="followup_create"),
    path("projects/<int:pk>/mentors/", views_journey.mentors, name="mentors"),
    path("diagnostics/<int:pk>/", views_journey.diagnostic_detail, name="diagnostic"),
    path("plan/<int:pk>/", views_journey.plan_action_edit, name="plan_action_edit"),
    path("workshops/<int:pk>/", views_journey.workshop, name="workshop"),
    path("mentor-profile/", views_journey.mentor_profile, name="mentor_profile"),
    path("programmes/<int:pk>/dashboard/", views_dashboard.dashboard, name="dashboard"),
    path("programmes/<int:pk>/dashboard.csv", views_dashboard.dashboard_csv, name="dashboard_csv"),
    path("programmes/<int:pk>/dashboard.xlsx", views_dashboard.dashboard_xlsx, name="dashboard_xlsx"),
]
