"""The admin of the background worker's task results (django_tasks_db) in French and Arabic: the package marks its
strings for translation without translating them, essmed's catalogue does, and essmed's admin labels what the
package leaves as plain English (``accounts.admin.TaskResultAdmin``)."""

import html
import re

import pytest
from django_tasks_db.models import DBTaskResult

from essmed.accounts.tests.factories import UserFactory
from essmed.core.emails import queue_email

pytestmark = pytest.mark.django_db

CHANGELIST = "/{lang}/admin/django_tasks_database/dbtaskresult/"
HEADER = re.compile(
    r'<th scope="col" class="[^"]*column-(\w+)[^"]*">.*?<div class="text">(?:<a [^>]*>|<span>)([^<]*)<', re.S
)
LABEL = re.compile(r"<label>([^<]*?)\s*:</label>")  # French puts a no-break space before the colon

EXPECTED = {
    "fr": {
        "model": "Résultats de tâches",
        "app": "Moteur de tâches en base de données",
        "status": "Prête",
        "columns": {
            "result_id": "Identifiant",
            "task_name": "Nom de la tâche",
            "status": "Statut",
            "enqueued_at": "Mise en file le",
            "started_at": "Commencée le",
            "finished_at": "Terminée le",
            "priority": "Priorité",
            "queue_name": "Nom de la file",
        },
        "labels": {"Identifiant", "Arguments", "Exécuter après", "Trace d’appels", "Chemin de la tâche"},
    },
    "ar": {
        "model": "نتائج المهام",
        "app": "محرك المهام في قاعدة البيانات",
        "status": "جاهزة",
        "columns": {
            "result_id": "المعرّف",
            "task_name": "اسم المهمة",
            "status": "الحالة",
            "enqueued_at": "تاريخ الإدراج في قائمة الانتظار",
            "started_at": "تاريخ البدء",
            "finished_at": "تاريخ الانتهاء",
            "priority": "الأولوية",
            "queue_name": "اسم قائمة الانتظار",
        },
        "labels": {"المعرّف", "الوسائط", "التنفيذ بعد", "تتبع الاستدعاءات", "مسار المهمة"},
    },
}
ENGLISH = ["Task Result", "Tasks Database Backend", "Task name", "Enqueued at", "Queue name", ">Ready<", "Run after"]


@pytest.fixture
def task_result(settings):
    """An email waiting for the worker, stored by the database backend as in production."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    queue_email("karim@example.org", "emails/accounts/confirm_email", {"full_name": "Karim", "confirm_path": "/x/"})
    return DBTaskResult.objects.get()


def page(client, url):
    client.force_login(UserFactory(is_superuser=True))
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_task_results_changelist_shows_the_model_name_columns_and_statuses_in_the_admin_language(
    client, task_result, lang
):
    content = page(client, CHANGELIST.format(lang=lang))
    expected = EXPECTED[lang]
    assert dict(HEADER.findall(content)) == expected["columns"]
    assert expected["model"] in content
    assert expected["app"] in content
    assert f">{expected['status']}<" in content
    assert [english for english in ENGLISH if english in content] == []


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_a_task_result_page_labels_its_fields_in_the_admin_language(client, task_result, lang):
    content = page(client, CHANGELIST.format(lang=lang) + f"{task_result.pk}/change/")
    labels = set(LABEL.findall(content))
    assert EXPECTED[lang]["labels"] <= labels, labels
    assert [english for english in ENGLISH if english in content] == []
