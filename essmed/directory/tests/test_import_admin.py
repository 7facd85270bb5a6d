import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from essmed.directory.models import Actor, ActorStatus
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


def test_staff_import_a_file_and_read_the_report_of_each_row(client, sophie):
    client.force_login(sophie)
    response = client.post(IMPORT_PAGE, {"file": upload(GOOD_ROWS + BAD_ROW), "source": "upload-test"})
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
    response = client.post(IMPORT_PAGE, {"file": upload(GOOD_ROWS), "source": "upload-test", "publish": "on"})
    assert response.context["summary"].unchanged == 2
    assert Actor.objects.count() == 2


def test_new_actors_can_be_published_at_once(client, sophie):
    client.force_login(sophie)
    client.post(IMPORT_PAGE, {"file": upload(GOOD_ROWS), "source": "upload-test", "publish": "on"})
    assert set(Actor.objects.values_list("status", flat=True)) == {ActorStatus.PUBLISHED}


def test_a_strict_upload_with_a_bad_row_imports_nothing(client, amina):
    client.force_login(amina)
    response = client.post(IMPORT_PAGE, {"file": upload(GOOD_ROWS + BAD_ROW), "source": "s", "strict": "on"})
    page = response.content.decode()
    assert "Strict mode: 1 row was rejected, nothing was imported." in page
    assert "oc-3" in page
    assert not Actor.objects.exists()


def test_a_file_in_the_wrong_encoding_is_refused_with_the_reason(client, sophie):
    client.force_login(sophie)
    response = client.post(IMPORT_PAGE, {"file": upload(GOOD_ROWS, encoding="latin-1"), "source": "s"})
    assert response.status_code == 200
    assert "The file is not UTF-8 text" in response.content.decode()
    assert response.context["summary"] is None
    assert not Actor.objects.exists()


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


def test_a_long_report_shows_the_rejected_rows_first(client, sophie, monkeypatch):
    monkeypatch.setattr("essmed.directory.admin.IMPORT_ROWS_SHOWN", 1)
    client.force_login(sophie)
    response = client.post(IMPORT_PAGE, {"file": upload(GOOD_ROWS + BAD_ROW), "source": "s"})
    assert [report.identifier for report in response.context["reports"]] == ["oc-3"]
    assert "(1 rows at most, the rejected rows first)" in response.content.decode()
    assert response.context["summary"].created == 2
