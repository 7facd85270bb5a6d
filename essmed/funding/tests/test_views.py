"""HTTP round trips: the search of calls, a call's page, projects and their consortium, the check with its
proposals, the calls a project is eligible for, publication, exports."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from essmed.directory.tests.factories import ActorFactory
from essmed.funding.models import Call, PartnerRole, PartnerType, Project, ProjectPartner, Publication
from essmed.funding.tests.factories import CallFactory, PartnerFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_project(programmes, countries, fatima, coop):
    """The demo consortium: two regions and two support structures of Occitanie and the Oriental."""
    project = ProjectFactory(
        title="Occitanie + Oriental ESS incubators",
        owner=fatima,
        organisation=coop,
        total_budget=1_200_000,
        grant_requested=1_000_000,
        duration_months=30,
    )
    for name, code, role, kind in [
        ("Région Occitanie", "FR", PartnerRole.LEAD, PartnerType.REGIONAL_AUTHORITY),
        ("Région de l'Oriental", "MA", PartnerRole.PARTNER, PartnerType.REGIONAL_AUTHORITY),
        ("Maison de l'ESS de l'Oriental", "MA", PartnerRole.PARTNER, PartnerType.SUPPORT_STRUCTURE),
        ("URSCOP Occitanie", "FR", PartnerRole.PARTNER, PartnerType.SUPPORT_STRUCTURE),
    ]:
        PartnerFactory(
            project=project, actor=ActorFactory(name=name, country=countries[code]), role=role, partner_type=kind
        )
    return project


@pytest.fixture
def southern_actors(countries):
    return [
        ActorFactory(name="Association tunisienne", country=countries["TN"]),
        ActorFactory(name="Libanese NGO", country=countries["LB"]),
        ActorFactory(name="Brouillon égyptien", country=countries["EG"], draft=True),
    ]


def next_med_2():
    return Call.objects.get(reference="interreg-next-med-call-2")


def test_the_home_page_counts_calls_and_lists_those_closing_soon(client):
    CallFactory(title_fr="Appel qui ferme bientôt", deadlines=[timezone.localdate() + timedelta(days=5)])
    CallFactory(draft=True, title_fr="Brouillon", deadlines=[timezone.localdate() + timedelta(days=5)])
    response = client.get(reverse("funding:home"))
    assert response.status_code == 200
    assert "Appel qui ferme bientôt" in response.content.decode()
    assert "Brouillon" not in response.content.decode()


def test_search_finds_calls_by_words_and_filters_and_paginates(client, programmes):
    today = timezone.localdate()
    for n in range(30):
        CallFactory(title_fr=f"Innovation sociale {n}", deadlines=[today + timedelta(days=40 + n)])
    CallFactory(title_fr="Innovation sociale passée", deadlines=[today - timedelta(days=3)])
    response = client.get(reverse("funding:calls"), {"q": "INNOVATION sociale", "open_only": "on"})
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 30
    assert len(response.context["page_obj"].object_list) == 25
    assert "passée" not in response.content.decode()
    page_2 = client.get(reverse("funding:calls"), {"q": "innovation sociale", "open_only": "on", "page": 2})
    assert len(page_2.context["page_obj"].object_list) == 5
    by_programme = client.get(reverse("funding:calls"), {"programme": "interreg-next-med"})
    assert {c.reference for c in by_programme.context["page_obj"].object_list} == {"interreg-next-med-call-2"}


def test_filters_by_country_type_theme_funder_and_deadline(client, programmes, countries):
    response = client.get(reverse("funding:calls"), {"country": "MA", "funder": "european-union-interreg"})
    assert "interreg-next-med-call-2" not in {c.reference for c in response.context["page_obj"].object_list}
    response = client.get(reverse("funding:calls"), {"country": "TN", "theme": "green-transition"})
    assert {c.reference for c in response.context["page_obj"].object_list} == {"interreg-next-med-call-2"}
    response = client.get(reverse("funding:calls"), {"organisation_type": "cooperative", "funder": "afd"})
    assert response.context["page_obj"].paginator.count == 0
    response = client.get(reverse("funding:calls"), {"deadline_before": "2027-01-01"})
    assert response.context["page_obj"].paginator.count == 0  # the data's deadlines are past


def test_a_bad_filter_value_is_shown_as_an_error_not_a_crash(client, programmes):
    response = client.get(reverse("funding:calls"), {"country": "ZZZ", "deadline_before": "tomorrow"})
    assert response.status_code == 200
    form = response.context["form"]
    assert "country" in form.errors and "deadline_before" in form.errors


def test_a_call_page_shows_its_rules_sources_and_checklist(client, programmes):
    response = client.get(reverse("funding:call", args=[next_med_2().pk]))
    page = response.content.decode()
    assert "Au moins 3 pays participants" in page
    assert "interregnextmed.eu" in page
    assert "Le chef de file ne dépose qu&#x27;une proposition par objectif spécifique" in page
    assert "15 avril 2025" in page


def test_a_call_page_in_arabic_and_english(client, programmes):
    url = reverse("funding:call", args=[next_med_2().pk])
    with_ar = client.get(url.replace("/fr/", "/ar/"))
    assert "ثلاثة بلدان مشاركة على الأقل" in with_ar.content.decode()
    with_en = client.get(url.replace("/fr/", "/en/"))
    assert "At least 3 participating countries" in with_en.content.decode()


def test_staff_publish_a_draft_call_and_others_cannot(client, sophie, fatima):
    call = CallFactory(draft=True)
    client.force_login(fatima)
    assert client.post(reverse("funding:call_publish", args=[call.pk])).status_code == 404
    client.force_login(sophie)
    client.post(reverse("funding:call_publish", args=[call.pk]))
    call.refresh_from_db()
    assert call.publication == Publication.PUBLISHED and call.published_at is not None


def test_a_member_creates_a_project_and_adds_directory_actors(client, fatima, coop, countries):
    client.force_login(fatima)
    response = client.post(
        reverse("funding:project_create"),
        {"title": "Incubateurs", "total_budget": "100000", "grant_requested": "200000", "organisation": coop.pk},
    )
    assert response.status_code == 200
    assert "dépasse le budget total" in response.content.decode()
    response = client.post(
        reverse("funding:project_create"),
        {"title": "Incubateurs", "total_budget": "300000", "grant_requested": "200000", "organisation": coop.pk},
    )
    project = Project.objects.get(title="Incubateurs")
    assert response.url == project.get_absolute_url() and project.owner == fatima
    actor = ActorFactory(name="Coopérative du Levant", country=countries["LB"], actor_type="cooperative")
    found = client.get(project.get_absolute_url(), {"actor": "levant"})
    assert actor in found.context["found"]
    client.post(
        reverse("funding:partner_add", args=[project.pk]), {"actor": actor.pk, "role": "lead", "partner_type": ""}
    )
    partner = ProjectPartner.objects.get(project=project)
    assert (partner.role, partner.partner_type) == ("lead", "cooperative")
    second = ActorFactory(country=countries["FR"])
    response = client.post(
        reverse("funding:partner_add", args=[project.pk]),
        {"actor": second.pk, "role": "lead", "partner_type": "ngo"},
        follow=True,
    )
    assert "a déjà un chef de file" in response.content.decode()
    response = client.post(
        reverse("funding:partner_add", args=[project.pk]),
        {"actor": actor.pk, "role": "partner", "partner_type": "ngo"},
        follow=True,
    )
    assert "est déjà partenaire" in response.content.decode()
    client.post(
        reverse("funding:partner_edit", args=[partner.pk]), {"role": "partner", "partner_type": "social_enterprise"}
    )
    partner.refresh_from_db()
    assert partner.partner_type == "social_enterprise"
    client.post(reverse("funding:partner_remove", args=[partner.pk]))
    assert not project.partners.exists()


def test_a_draft_actor_cannot_be_added_as_partner(client, fatima, coop, countries):
    project = ProjectFactory(owner=fatima, organisation=coop)
    draft = ActorFactory(draft=True)
    client.force_login(fatima)
    client.post(
        reverse("funding:partner_add", args=[project.pk]), {"actor": draft.pk, "role": "partner", "partner_type": "ngo"}
    )
    assert not project.partners.exists()


def test_checking_the_demo_project_against_next_med_call_2_shows_failures_and_proposes_actors(
    client, demo_project, southern_actors, fatima
):
    client.force_login(fatima)
    response = client.get(reverse("funding:check"), {"project": demo_project.pk, "call": next_med_2().pk})
    assert response.status_code == 200
    verdict = response.context["verdict"]
    assert verdict.eligible == "no"
    assert {r.rule.rule_id for r in verdict.failed} == {
        "participating-countries",
        "partner-side-country",
        "min-3-countries",
    }
    page = response.content.decode()
    assert "Le Maroc, notamment, ne participe pas au programme" in page
    assert "Ajouter un partenaire" in page and "Tunisie" in page
    proposed = {actor for suggestion in response.context["suggestions"] for actor in suggestion.actors}
    assert {southern_actors[0], southern_actors[1]} <= proposed
    assert southern_actors[2] not in proposed  # drafts are never proposed


def test_adding_proposed_actors_makes_the_project_eligible(client, demo_project, southern_actors, fatima):
    client.force_login(fatima)
    for link in demo_project.partners.filter(actor__country__code="MA"):
        link.role = PartnerRole.ASSOCIATED
        link.save()
    for actor in southern_actors[:2]:
        client.post(
            reverse("funding:partner_add", args=[demo_project.pk]),
            {"actor": actor.pk, "role": "partner", "partner_type": "ngo"},
        )
    response = client.get(reverse("funding:check"), {"project": demo_project.pk, "call": next_med_2().pk})
    assert response.context["verdict"].eligible == "yes"
    calls = client.get(reverse("funding:project_calls", args=[demo_project.pk]))
    assert next_med_2() in [call for call, _verdict in calls.context["grouped"]["yes"]]


def test_someone_else_cannot_check_a_project_they_do_not_see(client, demo_project, omar):
    client.force_login(omar)
    response = client.get(reverse("funding:check"), {"project": demo_project.pk, "call": next_med_2().pk})
    assert response.status_code == 200
    assert "project" in response.context["form"].errors
    assert "verdict" not in response.context


def test_the_calls_a_project_is_eligible_for_are_grouped(client, demo_project, fatima):
    client.force_login(fatima)
    response = client.get(reverse("funding:project_calls", args=[demo_project.pk]))
    grouped = response.context["grouped"]
    assert next_med_2() in [call for call, _verdict in grouped["no"]]
    assert "erasmus-young-entrepreneurs" in [call.reference for call, _verdict in grouped["no"]]


def test_csv_export_has_one_row_per_call_with_the_filters(client, programmes):
    response = client.get(reverse("funding:calls_csv"), {"programme": "interreg-next-med"})
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("reference,title,programme")
    assert len(lines) == 2 and lines[1].startswith("interreg-next-med-call-2,")
    assert ",closed," in lines[1] and "2025-04-15" in lines[1]


def test_ical_export_has_one_event_per_deadline(client):
    today = timezone.localdate()
    call = CallFactory(
        title_fr="Appel à deux étapes", deadlines=[today + timedelta(days=10), today + timedelta(days=70)]
    )
    response = client.get(reverse("funding:calls_ics"))
    assert response["Content-Type"].startswith("text/calendar")
    events = list(Calendar.from_ical(response.content).walk("VEVENT"))
    assert len(events) == 2
    assert {event.decoded("dtstart") for event in events} == set(call.deadline_dates())
    single = client.get(reverse("funding:call_ics", args=[call.pk]))
    assert len(list(Calendar.from_ical(single.content).walk("VEVENT"))) == 2


def test_deleting_a_project(client, fatima, coop):
    project = ProjectFactory(owner=fatima, organisation=coop)
    client.force_login(fatima)
    confirm = client.get(reverse("funding:project_delete", args=[project.pk]))
    assert "seront supprimés" in confirm.content.decode() and Project.objects.filter(pk=project.pk).exists()
    client.post(reverse("funding:project_delete", args=[project.pk]))
    assert not Project.objects.filter(pk=project.pk).exists()


def test_calls_with_a_deadline_to_come_come_first_soonest_first(client):
    today = timezone.localdate()
    closed = CallFactory(deadlines=[today - timedelta(days=2)])
    later = CallFactory(deadlines=[today + timedelta(days=90)])
    sooner = CallFactory(deadlines=[today + timedelta(days=9)])
    response = client.get(reverse("funding:calls"))
    assert list(response.context["page_obj"].object_list) == [sooner, later, closed]


@pytest.mark.parametrize("field", ["total_budget", "grant_requested"])
def test_a_negative_amount_is_refused_and_the_form_keeps_what_was_typed(client, fatima, coop, field):
    """A negative budget made the co-financing rate negative, and the rule "at most 90 %" passed."""
    client.force_login(fatima)
    data = {"title": "Olive oil school", "total_budget": "100000", "grant_requested": "50000", field: "-5"}
    response = client.post(reverse("funding:project_create"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert 'value="Olive oil school"' in response.content.decode()
    assert not Project.objects.exists()


def test_a_nul_character_in_the_partner_search_is_left_out_not_a_server_error(client, fatima, coop, countries):
    """PostgreSQL refuses a NUL character in a query: the search of actors to add leaves it out."""
    client.force_login(fatima)
    project = ProjectFactory(owner=fatima, organisation=coop)
    ActorFactory(name="Coopérative Nadafa", country=countries["MA"])
    response = client.get(reverse("funding:project", args=[project.pk]), {"actor": "Nad\x00afa"})
    assert response.status_code == 200
    assert response.context["search"] == "Nadafa"
    assert [actor.name for actor in response.context["found"]] == ["Coopérative Nadafa"]


@pytest.mark.parametrize("back", ["/\\evil.example/", "https://evil.example/", "//evil.example/", "/\t/evil.example/"])
def test_adding_a_partner_goes_back_only_to_a_page_of_the_site(client, fatima, coop, countries, back):
    client.force_login(fatima)
    project = ProjectFactory(owner=fatima, organisation=coop)
    actor = ActorFactory(country=countries["TN"])
    response = client.post(
        reverse("funding:partner_add", args=[project.pk]),
        {"actor": actor.pk, "role": "partner", "partner_type": "", "next": back},
    )
    assert response.url == project.get_absolute_url()
    check = f"{reverse('funding:check')}?project={project.pk}&call=1"
    response = client.post(
        reverse("funding:partner_add", args=[project.pk]),
        {"actor": ActorFactory(country=countries["EG"]).pk, "role": "partner", "partner_type": "", "next": check},
    )
    assert response.url == check


def test_the_csv_opens_in_a_spreadsheet_with_its_accents_and_no_formula(client):
    """A byte order mark, so that Excel reads UTF-8 (French accents, Arabic); a title that a spreadsheet would
    take for a formula (the portal's texts are not ours) is guarded by an apostrophe, as in the directory's export."""
    CallFactory(reference="A-1", title_fr='=HYPERLINK("http://evil.example","Économie")', title_ar="اقتصاد")
    response = client.get(reverse("funding:calls_csv"))
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0]["reference"] == "A-1"
    assert rows[0]["title"] == '\'=HYPERLINK("http://evil.example","Économie")'


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_the_filters_list_countries_and_themes_in_the_alphabetical_order_of_the_page(client, programmes, language):
    """Countries were in the order of their French names in every language, and «Égypte» came after «Zimbabwe»."""
    from django.utils import translation

    from essmed.core.text import fold_for_search

    with translation.override(language):
        response = client.get(reverse("funding:calls"))
        form = response.context["form"]
        for name in ("country", "theme", "programme"):
            labels = [str(label) for value, label in form.fields[name].choices if value != ""]
            assert len(labels) > 3
            assert labels == sorted(labels, key=fold_for_search), name


def test_a_call_without_grant_amounts_says_so_once(client):
    call = CallFactory()
    page = client.get(f"/en/funding/calls/{call.pk}/").content.decode()
    grant = page.split("Grant per project", 1)[1].split("</dd>", 1)[0]
    assert grant.count("not given") == 1 and "–" not in grant


def test_the_calls_a_project_is_eligible_for_show_which_are_closed(client, demo_project, fatima):
    """NEXT MED's second call closed in April 2025: listed without its status, it looked open to apply to."""
    client.force_login(fatima)
    page = client.get(f"/en/funding/projects/{demo_project.pk}/calls/").content.decode()
    item = page.split(next_med_2().title_en, 1)[1].split("</li>", 1)[0]
    assert "Closed" in item


def test_the_lists_of_a_call_page_take_the_comma_of_the_language(client, programmes):
    page = client.get(f"/ar/funding/calls/{next_med_2().pk}/").content.decode()
    countries = page.split("البلدان المؤهلة", 1)[1].split("</dd>", 1)[0]
    assert countries.count("،") == 14 and "," not in countries


def test_an_amount_not_given_agrees_with_its_masculine_label_in_french(client):
    """The directory's «non renseignée» (for "la précision") once won over funding's own «non précisé»."""
    call = CallFactory()
    page = client.get(f"/fr/funding/calls/{call.pk}/").content.decode()
    assert "non précisé" in page and "non renseignée" not in page


@pytest.mark.parametrize(
    "typed",
    [
        "Cooperative",  # «Coopérative» without its accent
        "economie solidaire",  # «Économie», lower case, no accent
        "COOPÉRATIVES",  # upper case, plural
        "التعاونية",  # the Arabic name, with the article
        "الامل",  # «الأمل» without its hamza
        "SOLID",  # the first letters of the last word, as the directory's search
    ],
)
def test_the_partner_search_finds_actors_as_the_directorys_search_does(client, fatima, coop, countries, typed):
    """The search of organisations to add matched names letter for letter (but for case): «Cooperative» did not
    find «Coopérative», nor «economie» «Économie», nor «الامل» «الأمل»."""
    client.force_login(fatima)
    project = ProjectFactory(owner=fatima, organisation=coop)
    wanted = ActorFactory(
        name_fr="Coopérative Économie Solidaire Al Amal",
        name_ar="تعاونية الأمل للاقتصاد التضامني",
        country=countries["TN"],
    )
    already = ActorFactory(name_fr="Coopérative Économie Solidaire du Levant", country=countries["LB"])
    PartnerFactory(project=project, actor=already)
    ActorFactory(name_fr="Coopérative Économie Solidaire brouillon", country=countries["TN"], draft=True)
    response = client.get(reverse("funding:project", args=[project.pk]), {"actor": typed})
    assert response.context["found"] == [wanted]


def test_the_partner_search_uses_the_directorys_full_text_index(db):
    """A directory holds up to a million actors: the words are looked up in its index, never in each row."""
    from essmed.directory.search import FTS_TABLE
    from essmed.funding.actions import actors_matching

    sql = str(actors_matching("coopérative économie", []).query)
    assert FTS_TABLE in sql or "search_vector" in sql
    assert "LIKE" not in sql.upper()


def test_a_partner_search_without_a_word_to_search_finds_nothing(client, fatima, coop, countries):
    client.force_login(fatima)
    project = ProjectFactory(owner=fatima, organisation=coop)
    ActorFactory(name_fr="Coopérative Nadafa", country=countries["MA"])
    response = client.get(reverse("funding:project", args=[project.pk]), {"actor": "« — »"})
    assert response.context["found"] == []
    assert "Aucune organisation publiée de l'annuaire ne correspond à ces mots." in response.content.decode()


@pytest.mark.parametrize(
    ("lang", "amount", "funder"),
    [
        ("ar", "83.700.000 يورو", "الاتحاد الأوروبي – إنتيريغ"),
        ("fr", "83\xa0700\xa0000 EUR", "Union européenne – Interreg"),
        ("en", "83,700,000 EUR", "European Union – Interreg"),
    ],
)
def test_a_call_page_gives_its_amounts_and_funder_in_the_words_of_the_language(
    client, programmes, lang, amount, funder
):
    """Arabic pages wrote amounts in «EUR» and the funder by its English acronym («Interreg», «EC»), where the
    reasons of the check already say «يورو»."""
    page = client.get(f"/{lang}/funding/calls/{next_med_2().pk}/").content.decode()
    assert amount in page
    assert f"· <bdi>{funder}</bdi>" in page
    if lang == "ar":
        assert "EUR" not in page


def test_the_check_page_in_arabic_keeps_partners_project_and_call_in_reading_order(client, demo_project, fatima):
    """The partners a rule names were one left-to-right run on an Arabic page (the last named read first), and an
    arrow «→» from the project to the call pointed back at the project."""
    client.force_login(fatima)
    page = client.get("/ar/funding/check/", {"project": demo_project.pk, "call": next_med_2().pk}).content.decode()
    assert "→" not in page
    assert "\u2068Région de l&#x27;Oriental (MA)\u2069" in page
    assert "\u2068Maison de l&#x27;ESS de l&#x27;Oriental (MA)\u2069" in page
    assert "\u2068Région Occitanie\u2069: الجهة" in page  # a missing fact of a partner
    french = client.get("/fr/funding/check/", {"project": demo_project.pk, "call": next_med_2().pk}).content.decode()
    assert "\u2068" not in french and "Région de l&#x27;Oriental (MA)" in french


def test_names_in_another_script_are_isolated_on_arabic_funding_pages(client, fatima, coop, countries, programmes):
    client.force_login(fatima)
    project = ProjectFactory(owner=fatima, organisation=coop)
    oriental = countries["MA"].regions.get(slug="oriental")
    PartnerFactory(
        project=project, actor=ActorFactory(name="Réseau de l'Oriental", country=countries["MA"], region=oriental)
    )
    ActorFactory(name="Association tunisienne", country=countries["TN"])
    page = client.get(f"/ar/funding/projects/{project.pk}/", {"actor": "tunisienne"}).content.decode()
    assert "<bdi>Association tunisienne</bdi> · " in page
    assert "(<bdi>Oriental</bdi>)" in page
    listing = client.get("/ar/funding/calls/", {"programme": "interreg-next-med"}).content.decode()
    assert "<bdi>interreg-next-med-call-2</bdi> · <bdi>إنتيريغ نكست ميد 2021–2027</bdi>" in listing


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", ["Tous les programmes", "Tous les financeurs", "Tous les pays", "Tous les types"]),
        ("ar", ["جميع البرامج", "جميع الممولين", "جميع البلدان", "جميع الأنواع"]),
        ("en", ["All programmes", "All funders", "All countries", "All types"]),
    ],
)
def test_each_filter_s_empty_option_says_what_it_means_in_the_page_s_language(client, programmes, language, expected):
    html = client.get(f"/{language}/funding/calls/").content.decode()
    assert ">---------<" not in html
    for label in expected:
        assert f">{label}</option>" in html, label
