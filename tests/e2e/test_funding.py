"""The funding watch in a real browser, in French, Arabic and English, with axe on every page: search the EU
portal snapshot and open a call; check the demo project "Occitanie + Oriental ESS incubators" against NEXT MED's
second call, see the rules it fails and the directory actors proposed, and add one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from essmed.accounts.models import Role
from essmed.accounts.tests.factories import OrganisationFactory, person
from essmed.directory.tests.factories import ActorFactory
from essmed.funding.data import programmes as data
from essmed.funding.importing import import_file
from essmed.funding.loading import load_programmes
from essmed.funding.models import Call, PartnerRole, PartnerType, Project, ProjectPartner
from essmed.territories.tests.factories import CountryFactory, RegionFactory
from tests.e2e.accessibility import assert_accessible
from tests.e2e.session import LANGUAGES, log_in

pytestmark = pytest.mark.e2e

SNAPSHOT = Path(__file__).resolve().parents[2] / "essmed" / "funding" / "data" / "eu_calls_snapshot.normalized.json"


def translated(lang: str, message: str) -> str:
    with translation.override(lang):
        return translation.gettext(message)


@pytest.fixture
def programmes(db):
    codes = {*data.NEXT_MED, *data.EURO_MED, *data.EU_MEMBER_STATES, "MA"}
    countries = {code: CountryFactory(code=code) for code in codes}
    RegionFactory(slug="occitanie", name="Occitanie", country=countries["FR"])
    RegionFactory(slug="oriental", name="Oriental", country=countries["MA"])
    load_programmes()
    return countries


@pytest.fixture
def demo_project(programmes):
    """The demo consortium, owned by a member of the Occitanie Region, and two actors of the southern shore."""
    occitanie = OrganisationFactory(slug="region-occitanie", name="Région Occitanie", country=programmes["FR"])
    owner = person(Role.MEMBER, organisation=occitanie, email="claire@example.org", full_name="Claire")
    project = Project.objects.create(
        title="Occitanie + Oriental ESS incubators",
        owner=owner,
        organisation=occitanie,
        total_budget=1_200_000,
        grant_requested=1_000_000,
        duration_months=30,
    )
    for name, code, role, kind in [
        ("Région Occitanie", "FR", PartnerRole.LEAD, PartnerType.REGIONAL_AUTHORITY),
        ("Région de l'Oriental", "MA", PartnerRole.PARTNER, PartnerType.REGIONAL_AUTHORITY),
        ("Union des coopératives de l'Oriental", "MA", PartnerRole.PARTNER, PartnerType.NETWORK),
        ("URSCOP Occitanie", "FR", PartnerRole.PARTNER, PartnerType.SUPPORT_STRUCTURE),
    ]:
        actor = ActorFactory(name=name, name_fr=name, name_ar=name, name_en=name, country=programmes[code])
        ProjectPartner.objects.create(project=project, actor=actor, role=role, partner_type=kind)
    tunisian = ActorFactory(
        name_fr="Réseau tunisien de l'ESS",
        name_ar="الشبكة التونسية للاقتصاد التضامني",
        name_en="Tunisian SSE network",
        country=programmes["TN"],
    )
    lebanese = ActorFactory(name_fr="Coopérative du Levant", name_ar="تعاونية المشرق", name_en="Levant cooperative",
                            country=programmes["LB"])  # fmt: skip
    return project, tunisian, lebanese


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_the_portal_snapshot_and_open_a_call(page: Page, lang: str, programmes) -> None:
    with SNAPSHOT.open("rb") as stream:
        import_file(stream, SNAPSHOT.name)
    response = page.goto(f"/{lang}/funding/")
    assert response is not None and response.status == 200
    assert_accessible(page)

    page.get_by_label(translated(lang, "Search the calls")).fill("social economy")
    page.locator("main form[role=search] button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/funding/calls/\?q=social"))
    results = page.locator("main .list-group-item")
    expect(results.first).to_be_visible()
    expect(page.locator("main")).to_contain_text("Smart Social Economy Model in Tourism")
    assert_accessible(page)

    page.get_by_role("link", name="Smart Social Economy Model in Tourism").click()
    expect(page.locator("h1")).to_contain_text("Smart Social Economy Model in Tourism")
    expect(page.locator("main")).to_contain_text("PPPA-2026-SOCIAL-ECONOMY-TOURISM")
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_demo_project_fails_next_med_call_2_and_gets_actors_proposed(page: Page, lang: str, demo_project) -> None:
    project, tunisian, lebanese = demo_project
    call = Call.objects.get(reference="interreg-next-med-call-2")
    log_in(page, lang, "claire@example.org")

    page.goto(f"/{lang}/funding/calls/{call.pk}/")
    expect(page.locator("h1")).to_contain_text(
        call.title_ar if lang == "ar" else call.title_en if lang == "en" else call.title_fr
    )
    assert_accessible(page)
    check_form = page.locator("main form[action$='/funding/check/']")
    check_form.locator("select[name=project]").select_option(label=project.title)
    check_form.locator("button[type=submit]").click()

    expect(page.locator(".funding-verdict")).to_have_text(translated(lang, "Not eligible"))
    failing = page.locator("tr.funding-result-fail")
    expect(failing).to_have_count(3)
    expect(page.locator("tr[data-rule=participating-countries]")).to_have_class(re.compile("funding-result-fail"))
    expect(page.locator("tr[data-rule=participating-countries]")).to_contain_text("(MA)")
    suggestions = page.locator(".funding-suggestions")
    expect(suggestions).to_contain_text(
        tunisian.name_ar if lang == "ar" else tunisian.name_en if lang == "en" else tunisian.name_fr
    )
    expect(suggestions).to_contain_text(
        lebanese.name_ar if lang == "ar" else lebanese.name_en if lang == "en" else lebanese.name_fr
    )
    assert_accessible(page)

    suggestions.locator("form").first.locator("button").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator(".funding-verdict")).to_be_visible()
    assert project.partners.count() == 5
    assert_accessible(page)
