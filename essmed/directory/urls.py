"""The directory's pages under /<lang>/actors/. Views live in views_browse.py (list, search, map, actor page,
offers), views_export.py (CSV, JSON-LD, Murmurations) and views_edit.py (editing, offers, corrections,
moderation, duplicates)."""

from django.urls import path

from essmed.directory import views_browse, views_edit, views_export

app_name = "actors"

urlpatterns = [
    # Browsing (views_browse)
    path("", views_browse.actor_list, name="list"),
    path("map/", views_browse.actor_map, name="map"),
    path("map/points.json", views_browse.map_points, name="map_points"),
    path("offers/", views_browse.offer_list, name="offers"),
    path("export.csv", views_export.export_csv, name="export_csv"),
    path("<int:pk>/", views_browse.actor_detail, name="detail"),
    path("<int:pk>.jsonld", views_export.actor_jsonld, name="jsonld"),
    path("<int:pk>/murmurations.json", views_export.actor_murmurations, name="murmurations"),
    # Editing and moderation (views_edit)
    path("new/", views_edit.actor_create, name="create"),
    path("<int:pk>/edit/", views_edit.actor_edit, name="edit"),
    path("<int:pk>/status/", views_edit.actor_set_status, name="set_status"),
    path("<int:pk>/correction/", views_edit.correction_propose, name="propose_correction"),
    path("<int:pk>/offers/new/", views_edit.offer_create, name="offer_create"),
    path("offers/<int:pk>/", views_edit.offer_detail, name="offer"),
    path("offers/<int:pk>/edit/", views_edit.offer_edit, name="offer_edit"),
    path("offers/<int:pk>/interest/", views_edit.interest_send, name="interest"),
    path("moderation/", views_edit.moderation, name="moderation"),
    path("corrections/<int:pk>/", views_edit.correction_review, name="correction"),
    path("duplicates/<int:pk>/", views_edit.duplicate_review, name="duplicate"),
]
