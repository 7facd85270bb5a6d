"""Creating and editing actors: who may, what the form checks, what it keeps."""

import pytest
from django.contrib.messages import get_messages
from django.utils import translation
from django.utils.translation import gettext

from essmed.accounts.models import OrganisationKind
from essmed.accounts.tests.factories import OrganisationFactory
from essmed.directory.models import Actor, ActorStatus, DuplicateCandidate, Vocabulary
from essmed.directory.tests.factories import ActorFactory, TermFactory
from essmed.territories.tests.factories import CommuneFactory, CountryFactory, DivisionFactory, RegionFactory

pytestmark = pytest.mark.django_db

EVERYONE = ["amina", "sophie", "youssef", "fatima", "karim", "omar", "dimitris", "thomas", "pauline"]
ZAYTOUN_EDITORS = ["amina", "sophie", "fatima", "karim"]


@pytest.fixture(autouse=True)
def morocco():
    return CountryFactory(code="MA")


@pytest.fixture
def oriental():
    return RegionFactory(slug="oriental", name="Oriental", country=CountryFactory(code="MA"))


@pytest.fixture
def zaytoun(coop, oriental):
    return ActorFactory(name="Coopérative Zaytoun", organisation=coop, region=oriental, locality="Berkane")


def actor_data(**overrides):
    data = {
        "name_fr": "Coopérative Nour",
        "name_ar": "تعاونية النور",
        "actor_type": OrganisationKind.COOPERATIVE,
        "country": "MA",
        "locality": "Oujda",
        "languages": "fr, ar",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def login_redirect(response):
    return response.status_code == 302 and "/accounts/login/" in response.url


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


# --- Who reaches the pages ------------------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_log_in_to_add_or_edit_an_actor(client, zaytoun):
    assert login_redirect(client.get("/fr/actors/new/"))
    assert login_redirect(client.get(f"/fr/actors/{zaytoun.pk}/edit/"))
    assert login_redirect(client.post(f"/fr/actors/{zaytoun.pk}/edit/", actor_data()))


@pytest.mark.parametrize("who", EVERYONE)
def test_everyone_signed_in_may_open_the_new_actor_form(client, cast, who):
    client.force_login(cast[who])
    response = client.get("/fr/actors/new/")
    assert response.status_code == 200
    assert 'name="name_ar"' in response.content.decode()


@pytest.mark.parametrize("who", EVERYONE)
def test_only_members_of_the_organisation_and_staff_edit_its_actor(client, cast, zaytoun, who):
    client.force_login(cast[who])
    expected = 200 if who in ZAYTOUN_EDITORS else 404
    assert client.get(f"/fr/actors/{zaytoun.pk}/edit/").status_code == expected
    response = client.post(f"/fr/actors/{zaytoun.pk}/edit/", actor_data(name_fr="Renamed"))
    assert response.status_code == (302 if who in ZAYTOUN_EDITORS else 404)
    zaytoun.refresh_from_db()
    assert (zaytoun.name_fr == "Renamed") == (who in ZAYTOUN_EDITORS)


def test_members_cannot_edit_their_archived_actor_but_staff_can(client, karim, sophie, coop):
    actor = ActorFactory(organisation=coop, archived=True)
    client.force_login(karim)
    assert client.get(f"/fr/actors/{actor.pk}/edit/").status_code == 404
    client.force_login(sophie)
    assert client.get(f"/fr/actors/{actor.pk}/edit/").status_code == 200


# --- Creating -------------------------------------------------------------------------------------------------


def test_a_new_actor_starts_as_a_draft_written_on_the_platform(client, pauline):
    client.force_login(pauline)
    response = client.post("/fr/actors/new/", actor_data())
    actor = Actor.objects.get()
    assert actor.status == ActorStatus.DRAFT
    assert actor.source == "essmed"
    assert actor.name_ar == "تعاونية النور"
    assert actor.country.code == "MA"
    assert actor.organisation is None
    # Pauline cannot see the draft: she is sent back to the list, with a message saying what happens next.
    assert response.status_code == 302
    assert response.url == "/fr/actors/"
    with translation.override("fr"):
        expected = gettext(
            "Thank you: “%(name)s” is saved as a draft. It will appear in the directory once checked by staff."
        ) % {"name": "Coopérative Nour"}
    assert messages_of(response) == [expected]


def test_a_member_links_their_own_organisation_and_lands_on_the_draft(client, omar, other_coop):
    client.force_login(omar)
    response = client.post("/fr/actors/new/", actor_data(organisation=other_coop.pk))
    actor = Actor.objects.get()
    assert actor.organisation == other_coop
    assert response.url == f"/fr/actors/{actor.pk}/"
    # and may now edit it, as a member of the organisation
    assert client.get(f"/fr/actors/{actor.pk}/edit/").status_code == 200


def test_a_plain_user_cannot_attach_an_organisation_they_do_not_belong_to(client, omar, coop):
    client.force_login(omar)
    response = client.post("/fr/actors/new/", actor_data(organisation=coop.pk))
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not Actor.objects.exists()


def test_the_organisation_field_is_offered_only_to_people_who_belong_to_one(client, pauline, omar):
    client.force_login(pauline)
    assert "organisation" not in client.get("/fr/actors/new/").context["form"].fields
    client.force_login(omar)
    field = client.get("/fr/actors/new/").context["form"].fields["organisation"]
    assert [org.slug for org in field.queryset] == ["argan"]


def test_staff_may_link_any_organisation_without_an_actor(client, sophie, coop, other_coop, zaytoun):
    client.force_login(sophie)
    field = client.get("/fr/actors/new/").context["form"].fields["organisation"]
    assert list(field.queryset) == [other_coop]  # Zaytoun already has its entry
    response = client.post("/fr/actors/new/", actor_data(organisation=other_coop.pk))
    assert response.status_code == 302
    assert Actor.objects.get(organisation=other_coop).status == ActorStatus.DRAFT


def test_a_member_cannot_move_their_actor_to_another_organisation(client, karim, zaytoun, other_coop):
    client.force_login(karim)
    assert "organisation" not in client.get(f"/fr/actors/{zaytoun.pk}/edit/").context["form"].fields
    client.post(f"/fr/actors/{zaytoun.pk}/edit/", actor_data(organisation=other_coop.pk))
    zaytoun.refresh_from_db()
    assert zaytoun.organisation.slug == "zaytoun"


def test_creating_an_actor_like_an_existing_one_opens_a_duplicate_for_staff(
    client, pauline, zaytoun, django_capture_on_commit_callbacks
):
    client.force_login(pauline)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/fr/actors/new/", actor_data(name_fr="Cooperative ZAYTOUN", locality="Berkane"))
    new = Actor.objects.exclude(pk=zaytoun.pk).get()
    candidate = DuplicateCandidate.objects.get()
    assert {candidate.actor_id, candidate.other_id} == {zaytoun.pk, new.pk}
    assert candidate.reason == "same_name_town"


# --- Validation -----------------------------------------------------------------------------------------------


def test_a_name_in_french_or_english_is_required(client, pauline):
    client.force_login(pauline)
    response = client.post("/fr/actors/new/", actor_data(name_fr=""))
    assert response.status_code == 200
    with translation.override("fr"):
        assert response.context["form"].errors["name_fr"] == [gettext("Give the name in French or in English.")]
    assert not Actor.objects.exists()
    response = client.post("/fr/actors/new/", actor_data(name_fr="", name_en="Nour cooperative"))
    assert response.status_code == 302


def test_errors_are_shown_with_everything_typed_kept(client, pauline):
    client.force_login(pauline)
    data = actor_data(
        description_ar="تعاونية نسائية لإنتاج زيت الزيتون",
        members_total="10",
        members_women="8",
        members_men="5",
        latitude="34.68",
        website="cooperative-nour.ma",
    )
    response = client.post("/fr/actors/new/", data)
    assert response.status_code == 200
    form = response.context["form"]
    with translation.override("fr"):
        assert form.errors["members_total"] == [gettext("Women and men members cannot exceed the total.")]
        assert form.errors["longitude"] == [gettext("Give both latitude and longitude, or neither.")]
    page = response.content.decode()
    assert "تعاونية نسائية لإنتاج زيت الزيتون" in page
    assert 'value="cooperative-nour.ma"' in page or 'value="https://cooperative-nour.ma"' in page
    assert 'id="error-summary"' in page
    assert 'href="#id_members_total"' in page


def test_a_refused_edit_keeps_the_saved_name_in_the_title(client, karim, zaytoun):
    client.force_login(karim)
    response = client.post(f"/fr/actors/{zaytoun.pk}/edit/", actor_data(name_fr="", name_en=""))
    assert response.status_code == 200
    assert response.context["actor"].name == "Coopérative Zaytoun"
    assert 'name="name_fr" maxlength="250"' in response.content.decode()  # the field is shown empty, as typed


def test_arabic_inputs_are_written_right_to_left(client, pauline):
    client.force_login(pauline)
    page = client.get("/fr/actors/new/").content.decode()
    assert 'name="name_ar"' in page
    field = client.get("/fr/actors/new/").context["form"]["description_ar"]
    assert field.field.widget.attrs["dir"] == "rtl"
    assert field.field.widget.attrs["lang"] == "ar"


def test_coordinates_need_their_precision(client, pauline):
    client.force_login(pauline)
    response = client.post("/fr/actors/new/", actor_data(latitude="34.68", longitude="-1.91"))
    with translation.override("fr"):
        assert response.context["form"].errors["geo_precision"] == [gettext("Say how precise the coordinates are.")]
    response = client.post("/fr/actors/new/", actor_data(latitude="34.68", longitude="-1.91", geo_precision="locality"))
    assert response.status_code == 302
    assert Actor.objects.get().latitude == 34.68


def test_out_of_range_coordinates_are_refused(client, pauline):
    client.force_login(pauline)
    response = client.post("/fr/actors/new/", actor_data(latitude="134", longitude="-1.91", geo_precision="exact"))
    assert "latitude" in response.context["form"].errors
    assert not Actor.objects.exists()


def test_language_codes_are_checked_and_tidied(client, pauline):
    client.force_login(pauline)
    response = client.post("/fr/actors/new/", actor_data(languages="French, ar"))
    assert "languages" in response.context["form"].errors
    client.post("/fr/actors/new/", actor_data(languages="FR; ar ar, zgh"))
    assert Actor.objects.get().languages == "fr, ar, zgh"


def test_languages_typed_with_arabic_commas_are_understood(client, pauline):
    client.force_login(pauline)
    client.post("/ar/actors/new/", actor_data(languages="ar، fr؛ en"))
    assert Actor.objects.get().languages == "ar, fr, en"


def test_founding_date_cannot_be_in_the_future(client, pauline):
    client.force_login(pauline)
    response = client.post("/fr/actors/new/", actor_data(founded="2999-01-01"))
    with translation.override("fr"):
        assert response.context["form"].errors["founded"] == [gettext("The founding date cannot be in the future.")]


def test_a_region_must_be_in_the_chosen_country(client, pauline, cim_region):
    client.force_login(pauline)
    response = client.post("/fr/actors/new/", actor_data(region=cim_region.slug))  # Occitanie is not in Morocco
    with translation.override("fr"):
        assert response.context["form"].errors["region"] == [gettext("This region is not in the chosen country.")]


def test_the_commune_fills_in_its_province_and_region(client, pauline, oriental):
    commune = CommuneFactory(division=DivisionFactory(region=oriental, name="Berkane"), name="Aklim")
    client.force_login(pauline)
    response = client.post("/fr/actors/new/", actor_data(commune=commune.code))
    assert response.status_code == 302
    actor = Actor.objects.get()
    assert (actor.commune, actor.division, actor.region) == (commune, commune.division, oriental)


def test_a_commune_outside_the_chosen_province_is_refused(client, pauline, oriental):
    commune = CommuneFactory(division=DivisionFactory(region=oriental))
    elsewhere = DivisionFactory(region=oriental)
    client.force_login(pauline)
    data = actor_data(region=oriental.slug, division=elsewhere.pk, commune=commune.code)
    response = client.post("/fr/actors/new/", data)
    with translation.override("fr"):
        expected = gettext("This commune is not in the chosen province or department.")
    assert response.context["form"].errors["commune"] == [expected]


def test_place_lists_show_the_children_of_the_chosen_parent(client, pauline, oriental, cim_region):
    berkane = DivisionFactory(region=oriental, name="Berkane")
    aklim = CommuneFactory(division=berkane, name="Aklim")
    other = CommuneFactory(division=DivisionFactory(region=RegionFactory(country=CountryFactory(code="MA"))))
    client.force_login(pauline)
    form = client.get("/fr/actors/new/").context["form"]
    assert form.fields["commune"].widget.choices.queryset.count() == 0
    response = client.post("/fr/actors/new/", actor_data(region=oriental.slug, name_fr="", refresh_places="1"))
    # "Update the lists" shows the form again, unsaved and without error messages
    assert response.status_code == 200
    assert not Actor.objects.exists()
    form = response.context["form"]
    assert not form.errors
    assert list(form.fields["region"].widget.choices.queryset.filter(country__code="FR")) == []
    assert list(form.fields["commune"].widget.choices.queryset) == [aklim]
    assert other not in form.fields["commune"].widget.choices.queryset
    page = response.content.decode()
    assert f'data-parent="{berkane.pk}"' in page
    assert 'data-parent-field="division"' in page


def test_sectors_themes_and_legal_form_are_chosen_by_code(client, pauline):
    TermFactory(vocabulary=Vocabulary.ACTIVITY, code="ICA140", label="Agriculture")
    TermFactory(vocabulary=Vocabulary.THEME, code="T11", label="Women")
    TermFactory(vocabulary=Vocabulary.LEGAL_FORM, code="MA-COOP", label="Coopérative (loi 112-12)")
    client.force_login(pauline)
    client.post("/fr/actors/new/", actor_data(sectors=["ICA140"], themes=["T11"], legal_form="MA-COOP"))
    actor = Actor.objects.get()
    assert [term.code for term in actor.sectors.all()] == ["ICA140"]
    assert [term.code for term in actor.themes.all()] == ["T11"]
    assert actor.legal_form.code == "MA-COOP"


def test_a_term_of_another_vocabulary_is_refused(client, pauline):
    TermFactory(vocabulary=Vocabulary.THEME, code="T11", label="Women")
    client.force_login(pauline)
    response = client.post("/fr/actors/new/", actor_data(sectors=["T11"]))
    assert "sectors" in response.context["form"].errors


# --- Editing --------------------------------------------------------------------------------------------------


def test_the_edit_form_is_prefilled_with_the_actor(client, karim, zaytoun):
    client.force_login(karim)
    response = client.get(f"/fr/actors/{zaytoun.pk}/edit/")
    form = response.context["form"]
    assert form["country"].value() == "MA"
    assert form["region"].value() == "oriental"
    page = response.content.decode()
    assert '<option value="MA" selected>' in page
    assert '<option value="oriental" selected data-parent="MA">Oriental (Maroc)</option>' in page


def test_a_member_edits_their_own_actor(client, karim, zaytoun, django_capture_on_commit_callbacks):
    client.force_login(karim)
    data = actor_data(
        name_fr="Coopérative Zaytoun", region="oriental", description_en="Olive oil", website="https://zaytoun.ma"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/fr/actors/{zaytoun.pk}/edit/", data)
    assert response.status_code == 302
    assert response.url == f"/fr/actors/{zaytoun.pk}/"
    zaytoun.refresh_from_db()
    assert zaytoun.description_en == "Olive oil"
    assert zaytoun.website_key == "zaytoun.ma"
    assert zaytoun.status == ActorStatus.PUBLISHED  # editing does not change the status
    with translation.override("fr"):
        assert messages_of(response) == [
            gettext("Your changes to “%(name)s” are saved.") % {"name": "Coopérative Zaytoun"}
        ]


def test_networks_are_added_by_name_or_number_and_removed_by_unticking(client, karim, zaytoun):
    remess = ActorFactory(name="REMESS", actor_type=OrganisationKind.NETWORK)
    ripess = ActorFactory(name="RIPESS Afrique", actor_type=OrganisationKind.NETWORK)
    ActorFactory(name="Not a network")
    client.force_login(karim)
    url = f"/fr/actors/{zaytoun.pk}/edit/"
    client.post(url, actor_data(name_fr="Zaytoun", add_networks=f"remess; {ripess.pk}"))
    assert set(zaytoun.networks.all()) == {remess, ripess}
    client.post(url, actor_data(name_fr="Zaytoun", networks=[remess.pk]))
    assert list(zaytoun.networks.all()) == [remess]
    client.post(url, actor_data(name_fr="Zaytoun", networks=[remess.pk], add_networks=f"{ripess.pk}؛ remess"))
    assert set(zaytoun.networks.all()) == {remess, ripess}  # the Arabic semicolon separates too
    client.post(url, actor_data(name_fr="Zaytoun", networks=[remess.pk]))
    response = client.post(url, actor_data(name_fr="Zaytoun", networks=[remess.pk], add_networks="Not a network"))
    with translation.override("fr"):
        expected = gettext("No network called “%(name)s” is listed in the directory.") % {"name": "Not a network"}
    assert response.context["form"].errors["add_networks"] == [expected]


def test_an_actor_cannot_be_its_own_network(client, sophie):
    network = ActorFactory(name="REMESS", actor_type=OrganisationKind.NETWORK)
    client.force_login(sophie)
    data = actor_data(name_fr="REMESS", actor_type=OrganisationKind.NETWORK, add_networks=str(network.pk))
    response = client.post(f"/fr/actors/{network.pk}/edit/", data)
    assert "add_networks" in response.context["form"].errors


def test_the_organisation_of_a_new_actor_must_be_free(client, sophie, coop, other_coop, zaytoun):
    client.force_login(sophie)
    response = client.post("/fr/actors/new/", actor_data(organisation=coop.pk))
    assert "organisation" in response.context["form"].errors


def test_an_actor_of_a_new_organisation_appears_to_its_members_only_until_published(client, youssef):
    organisation = OrganisationFactory(slug="new-one", name="New one")
    youssef.memberships.create(role="advisor", organisation=organisation)
    client.force_login(youssef)
    client.post("/fr/actors/new/", actor_data(organisation=organisation.pk))
    actor = Actor.objects.get()
    assert client.get(f"/fr/actors/{actor.pk}/edit/").status_code == 200


# --- Odd values typed in the place and network fields ---------------------------------------------------------

ODD_NUMBERS = ["²", "٣", "1²", "9" * 5001, "99999999999999999999999", "-1", " 1 "]


@pytest.mark.parametrize("value", ODD_NUMBERS)
def test_an_odd_province_number_is_an_invalid_choice(client, pauline, oriental, value):
    client.force_login(pauline)
    response = client.post("/fr/actors/new/", actor_data(region=oriental.slug, division=value))
    assert response.status_code == 200
    with translation.override("fr"):
        invalid = gettext("Select a valid choice. That choice is not one of the available choices.")
    assert response.context["form"].errors["division"] == [invalid]
    assert not Actor.objects.exists()


@pytest.mark.parametrize("value", ODD_NUMBERS)
def test_an_odd_province_number_only_empties_the_list_of_communes_when_the_lists_are_updated(client, pauline, value):
    client.force_login(pauline)
    response = client.post("/fr/actors/new/", actor_data(division=value, refresh_places="1"))
    assert response.status_code == 200
    assert list(response.context["form"].fields["commune"].widget.choices.queryset) == []


@pytest.mark.parametrize("value", ["²", "9" * 999, "99999999999999999999999"])
def test_an_odd_network_number_is_reported_as_an_unknown_network(client, karim, zaytoun, value):
    ActorFactory(name="REMESS", actor_type=OrganisationKind.NETWORK)
    client.force_login(karim)
    response = client.post(f"/fr/actors/{zaytoun.pk}/edit/", actor_data(name_fr="Zaytoun", add_networks=value))
    assert response.status_code == 200
    with translation.override("fr"):
        expected = gettext("No network called “%(name)s” is listed in the directory.") % {"name": value.strip()}
    assert response.context["form"].errors["add_networks"] == [expected]
    assert not zaytoun.networks.exists()


def test_a_network_number_is_still_understood_beside_odd_ones(client, karim, zaytoun):
    remess = ActorFactory(name="REMESS", actor_type=OrganisationKind.NETWORK)
    client.force_login(karim)
    client.post(f"/fr/actors/{zaytoun.pk}/edit/", actor_data(name_fr="Zaytoun", add_networks=f" {remess.pk} "))
    assert list(zaytoun.networks.all()) == [remess]


def test_a_name_too_long_is_told_once_not_as_missing(client, pauline):
    client.force_login(pauline)
    response = client.post("/fr/actors/new/", actor_data(name_fr="N" * 5000))
    assert response.status_code == 200
    errors = response.context["form"].errors["name_fr"]
    assert len(errors) == 1
    with translation.override("fr"):
        assert gettext("Give the name in French or in English.") not in errors
    assert "250" in errors[0]
