"""Lists say in words what their empty option means, «Choisir…» when a choice is required and «(non renseigné)»
when the list may stay empty, on the site's forms and in the admin: never Django's "---------"."""

import re

import pytest
from django import forms

from essmed.core.forms import StyledForm
from essmed.directory.tests.factories import ActorFactory
from essmed.territories.models import Country

pytestmark = pytest.mark.django_db

CHOOSE = {"fr": "Choisir…", "ar": "اختر…"}
NOT_GIVEN = {"fr": "(non renseigné)", "ar": "(غير محدد)"}


def first_option(page, name):
    """The label of the first option of the list ``name`` of ``page``."""
    found = re.search(rf'<select name="{re.escape(name)}"[^>]*>\s*<option value=""[^>]*>([^<]*)</option>', page)
    assert found, f"no list {name} starting with an empty option"
    return found[1]


@pytest.fixture
def zaytoun(coop):
    return ActorFactory(name="Coopérative Zaytoun", organisation=coop)


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_admin_add_page_says_what_an_empty_list_means(client, sophie, language):
    client.force_login(sophie)
    page = client.get(f"/{language}/admin/directory/actor/add/").content.decode()
    assert "---------" not in page
    assert first_option(page, "actor_type") == CHOOSE[language]  # required
    assert first_option(page, "geo_precision") == NOT_GIVEN[language]  # optional
    assert first_option(page, "offers-__prefix__-topic") == CHOOSE[language]  # an inline's row


def test_the_admin_list_of_actions_asks_to_choose_one(client, sophie, zaytoun):
    client.force_login(sophie)
    page = client.get("/fr/admin/directory/actor/").content.decode()
    assert "---------" not in page
    assert first_option(page, "action") == CHOOSE["fr"]


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_actor_and_offer_forms_say_what_an_empty_list_means(client, fatima, zaytoun, language):
    client.force_login(fatima)
    page = client.get(f"/{language}/actors/{zaytoun.pk}/edit/").content.decode()
    assert "---------" not in page
    assert first_option(page, "actor_type") == CHOOSE[language]
    assert first_option(page, "geo_precision") == NOT_GIVEN[language]
    page = client.get(f"/{language}/actors/{zaytoun.pk}/offers/new/").content.decode()
    assert "---------" not in page
    assert first_option(page, "topic") == CHOOSE[language]


def test_a_list_that_a_form_fills_or_makes_optional_after_building_it_is_named_when_shown():
    class Later(StyledForm):
        kind = forms.ChoiceField(choices=[])
        country = forms.ModelChoiceField(queryset=Country.objects.none())

        def __init__(self) -> None:
            super().__init__()
            self.fields["kind"].choices = [("", "---------"), ("a", "A")]  # type: ignore[attr-defined]
            self.fields["country"].required = False

    html = str(Later())
    assert "---------" not in html
    assert first_option(html, "kind") == CHOOSE["fr"]
    assert first_option(html, "country") == NOT_GIVEN["fr"]
