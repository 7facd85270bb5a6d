import re

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile

from essmed.directory.models import Actor, ActorImport, ActorStatus, ImportStatus
from essmed.directory.tasks import progress_key
from essmed.directory.taxonomies import load_taxonomies
from essmed.territories.tests.factories import CountryFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/en/admin/directory/actor/"
IMPORT_PAGE = "/en/admin/directory/actor/import/"
HEADER = "Identifier,Name,Name:ar,Organisational Structure,Activities,Locality,Country,Latitude,Longitude\n"
GOOD_ROWS = (
    "oc-1,Coopérative Zaytoun,تعاونية الزيتون,Co-operative,ICA10,Berkane,MA,34.92,-2.32\n"
    "oc-2,Association Al Amal,جمعية الأمل,Association,ICA200,Nador,MA,35.17,-2.93\n"
)
BAD_ROW = "oc-3,Coopérative inconnue,,Co-operative,,Nowhere,XX,,\n"


@pytest.fixture(autouse=True)
def directory(db):
    for code in ("MA", "FR", "IT", "ES", "GR", "TN"):
        CountryFactory(code=code)
    load_taxonomies()


def upload(text, name="actors.csv", encoding="utf-8"):
    return SimpleUploadedFile(name, (HEADER + text).encode(encoding, errors="replace"), content_type="text/csv")


def test_staff_find_the_import_button_on_the_list_of_actors(client, sophie):
    client.force_login(sophie)
    page = client.get(CHANGELIST).content.decode()
    assert f'href="{IMPORT_PAGE}"' in page
    response = client.get(IMPORT_PAGE)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert 'name="file"' in page and 'name="source"' in page and 'name="strict"' in page


def post_import(client, django_capture_on_commit_callbacks, data, page=IMPORT_PAGE):
    """Upload as the admin page does, let the background worker run the import, and open its status page."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page, data)
    assert response.status_code == 302, response.content.decode()
    return client.get(response["Location"])


def test_staff_import_a_file_and_read_the_report_of_each_row(client, sophie, django_capture_on_commit_callbacks):
    client.force_login(sophie)
    data = {"file": upload(GOOD_ROWS + BAD_ROW), "source": "upload-test"}
    response = post_import(client, django_capture_on_commit_callbacks, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<caption>Rows of the file</caption>" in page
    assert "<td>2</td>" in page  # created
    assert "Country: unknown country &#x27;XX&#x27;" in page
    zaytoun = Actor.objects.get(source="upload-test", source_key="oc-1")
    assert zaytoun.status == ActorStatus.DRAFT
    assert zaytoun.name_ar == "تعاونية الزيتون"
    assert f'href="/en/admin/directory/actor/{zaytoun.pk}/change/"' in page
    assert Actor.objects.count() == 2
    data = {"file": upload(GOOD_ROWS), "source": "upload-test", "publish": "on"}
    response = post_import(client, django_capture_on_commit_callbacks, data)
    assert response.context["actor_import"].unchanged == 2
    assert Actor.objects.count() == 2
    imports = ActorImport.objects.all()
    assert [(i.status, i.created_by, i.file_name) for i in imports] == [(ImportStatus.DONE, sophie, "actors.csv")] * 2
    assert "actors.csv" in client.get(IMPORT_PAGE).content.decode()  # listed among the recent imports


def test_the_upload_waits_for_the_worker_and_its_page_shows_the_progress(client, sophie):
    client.force_login(sophie)
    response = client.post(IMPORT_PAGE, {"file": upload(GOOD_ROWS), "source": "s"})  # nothing committed: queued
    actor_import = ActorImport.objects.get()
    assert response["Location"] == f"/en/admin/directory/actor/import/{actor_import.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "The file waits for the background worker." in page
    assert 'src="/static/directory/import-progress.js"' in page
    assert "data-import-running" in page
    assert not Actor.objects.exists()
    ActorImport.objects.filter(pk=actor_import.pk).update(status=ImportStatus.RUNNING)
    caches["progress"].set(progress_key(actor_import.pk), {"phase": "import", "rows": 1500, "bytes": 30, "size": 120})
    page = client.get(response["Location"]).content.decode()
    assert "Importing: 1500 rows done." in page
    assert re.search(r"<progress max=\"100\"\s+value=\"25\"", page)


def test_new_actors_can_be_published_at_once(client, sophie, django_capture_on_commit_callbacks):
    client.force_login(sophie)
    data = {"file": upload(GOOD_ROWS), "source": "upload-test", "publish": "on"}
    post_import(client, django_capture_on_commit_callbacks, data)
    assert set(Actor.objects.values_list("status", flat=True)) == {ActorStatus.PUBLISHED}


def test_a_strict_upload_with_a_bad_row_imports_nothing(client, amina, django_capture_on_commit_callbacks):
    client.force_login(amina)
    data = {"file": upload(GOOD_ROWS + BAD_ROW), "source": "s", "strict": "on"}
    page = post_import(client, django_capture_on_commit_callbacks, data).content.decode()
    assert "Strict mode: 1 row was rejected, nothing was imported." in page
    assert "oc-3" in page
    assert not Actor.objects.exists()


def test_a_file_in_the_wrong_encoding_is_refused_with_the_reason(client, sophie, django_capture_on_commit_callbacks):
    client.force_login(sophie)
    data = {"file": upload(GOOD_ROWS, encoding="latin-1"), "source": "s"}
    response = post_import(client, django_capture_on_commit_callbacks, data)
    assert response.status_code == 200
    assert "The file is not UTF-8 text" in response.content.decode()
    assert response.context["actor_import"].status == ImportStatus.FAILED
    assert not Actor.objects.exists()


def test_the_report_is_written_in_the_uploaders_language(client, sophie, django_capture_on_commit_callbacks):
    client.force_login(sophie)
    data = {"file": upload(BAD_ROW), "source": "s"}
    page = "/fr/admin/directory/actor/import/"
    response = post_import(client, django_capture_on_commit_callbacks, data, page=page)
    assert "pays inconnu « XX »" in response.content.decode()


def test_the_messages_are_in_french_on_french_pages(client, sophie):
    client.force_login(sophie)
    response = client.post("/fr/admin/directory/actor/import/", {"file": upload(GOOD_ROWS), "source": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["source"] == ["Ce champ est obligatoire."]
    assert 'lang="fr"' in response.content.decode()


@pytest.mark.parametrize("name", ["pauline", "karim", "fatima", "dimitris", "youssef"])
def test_other_roles_cannot_reach_the_import_page(client, cast, name):
    client.force_login(cast[name])
    response = client.get(IMPORT_PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/admin/login/")
    response = client.post(IMPORT_PAGE, {"file": upload(GOOD_ROWS), "source": "s"})
    assert response.status_code == 302
    assert not Actor.objects.exists()


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(IMPORT_PAGE)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_a_long_report_shows_the_rejected_rows_first(client, sophie, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr("essmed.directory.tasks.REPORT_ROWS_KEPT", 1)
    monkeypatch.setattr("essmed.directory.admin.REPORT_ROWS_KEPT", 1)
    client.force_login(sophie)
    data = {"file": upload(GOOD_ROWS + BAD_ROW), "source": "s"}
    response = post_import(client, django_capture_on_commit_callbacks, data)
    assert [report.identifier for report in response.context["reports"]] == ["oc-3"]
    assert "(1 rows at most, the rejected rows first)" in response.content.decode()
    assert response.context["actor_import"].created == 2


def test_the_history_of_imports_is_read_only_in_the_admin(client, sophie, django_capture_on_commit_callbacks):
    client.force_login(sophie)
    post_import(client, django_capture_on_commit_callbacks, {"file": upload(GOOD_ROWS), "source": "s"})
    actor_import = ActorImport.objects.get()
    page = client.get("/en/admin/directory/actorimport/").content.decode()
    assert f'href="/en/admin/directory/actor/import/{actor_import.pk}/"' in page
    assert client.get("/en/admin/directory/actorimport/add/").status_code == 403


def test_an_import_that_crashes_is_marked_failed_and_its_page_stops_waiting(
    client, sophie, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def crash(*args, **kwargs):
        raise RuntimeError("a defect of the importer")

    monkeypatch.setattr("essmed.directory.tasks.import_actors", crash)
    client.force_login(sophie)
    response = post_import(client, django_capture_on_commit_callbacks, {"file": upload(GOOD_ROWS), "source": "s"})
    actor_import = response.context["actor_import"]
    assert actor_import.status == ImportStatus.FAILED
    assert actor_import.error.startswith("The import failed because of an error of the platform.")
    page = response.content.decode()
    assert "data-import-running" not in page and "a defect of the importer" not in page
    assert "RuntimeError: a defect of the importer" in caplog.text  # the traceback, for the technical team


def test_a_crafted_geojson_fails_the_upload_with_its_reason(client, sophie, django_capture_on_commit_callbacks):
    deep = '{"type": "FeatureCollection", "features": ' + "[" * 100_000 + "]" * 100_000 + "}"
    client.force_login(sophie)
    data = {"file": SimpleUploadedFile("deep.geojson", deep.encode()), "source": "s"}
    response = post_import(client, django_capture_on_commit_callbacks, data)
    assert response.context["actor_import"].status == ImportStatus.FAILED
    assert "nested too deeply" in response.content.decode()


def test_a_finished_import_keeps_when_it_started(client, sophie, django_capture_on_commit_callbacks):
    client.force_login(sophie)
    post_import(client, django_capture_on_commit_callbacks, {"file": upload(GOOD_ROWS), "source": "s"})
    actor_import = ActorImport.objects.get()
    assert actor_import.status == ImportStatus.DONE
    assert actor_import.created_at <= actor_import.started_at <= actor_import.finished_at


def test_the_count_of_actors_created_is_not_labelled_as_a_date(client, sophie, django_capture_on_commit_callbacks):
    client.force_login(sophie)
    status_page = post_import(client, django_capture_on_commit_callbacks, {"file": upload(GOOD_ROWS), "source": "s"})
    assert '<th scope="col">Actors created</th>' in status_page.content.decode()  # not "Created", a date
    page = client.get("/fr/admin/directory/actorimport/").content.decode()
    assert "Acteurs créés" in page
    assert "Date de création" not in page


def test_a_nul_character_rejects_its_row_and_the_report_is_stored(client, sophie, django_capture_on_commit_callbacks):
    client.force_login(sophie)
    nul_row = "oc-\x009,Coop\x00,,Co-operative,,Berkane,MA,,\n"
    response = post_import(
        client, django_capture_on_commit_callbacks, {"file": upload(GOOD_ROWS + nul_row), "source": "s"}
    )
    actor_import = ActorImport.objects.get()
    assert (actor_import.status, actor_import.created, actor_import.rejected) == (ImportStatus.DONE, 2, 1)
    assert actor_import.report[-1]["identifier"] == "oc-\ufffd9"
    assert "Identifier, Name: a NUL character" in response.content.decode()
