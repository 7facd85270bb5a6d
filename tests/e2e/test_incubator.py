"""The incubator in a real browser, in French, Arabic and English: an application sent, moved through the selection,
reviewed, decided by the committee; a diagnostic's radar chart; the programme dashboard. Axe on every page, and no
console or Content-Security-Policy error (Chart.js and our chart script come from our own static files)."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from essmed.incubator.models import Application, ApplicationState, Project
from essmed.incubator.tests.factories import (
    CallFactory,
    CriterionFactory,
    DiagnosticFactory,
    FollowUpFactory,
    ProjectFactory,
    QuestionFactory,
)
from tests.e2e.accessibility import assert_accessible
from tests.e2e.session import LANGUAGES, log_in

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("lang", LANGUAGES)
def test_apply_review_and_decide_at_the_committee(page: Page, lang: str, fatima, sophie, youssef) -> None:
    call = CallFactory(title="Appel Pépinière", title_ar="نداء المشتل", title_en="Nursery call")
    call.reviewers.add(youssef)
    question = QuestionFactory(call=call, text="Besoin social ?", text_ar="الحاجة الاجتماعية؟", text_en="Social need?")
    first, second = CriterionFactory(call=call), CriterionFactory(call=call)

    log_in(page, lang, "fatima@example.org")
    page.goto(f"/{lang}/incubator/calls/{call.pk}/")
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    page.fill("input[name=project_name]", "Huilerie Zaytoun")
    page.fill(f"input[name=q_{question.pk}]", "Presser les olives des petits producteurs")
    assert_accessible(page)
    page.locator("button[name=submit]").click()
    expect(page.locator("#application-state")).to_be_visible()
    assert_accessible(page)
    application = Application.objects.get()
    assert application.state == ApplicationState.SUBMITTED

    log_in(page, lang, "sophie@example.org")
    page.goto(f"/{lang}/incubator/applications/{application.pk}/")
    assert_accessible(page)
    page.locator("button[name=target][value=screening]").click()
    page.locator("button[name=target][value=review]").click()
    expect(page.locator("button[name=target][value=committee]")).to_be_visible()

    log_in(page, lang, "youssef@example.org")
    page.goto(f"/{lang}/incubator/applications/{application.pk}/review/")
    page.fill(f"input[name=c_{first.pk}]", "4")
    page.fill(f"input[name=c_{second.pk}]", "5")
    page.select_option("select[name=recommendation]", "yes")
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    log_in(page, lang, "sophie@example.org")
    page.goto(f"/{lang}/incubator/applications/{application.pk}/")
    page.locator("button[name=target][value=committee]").click()
    page.goto(f"/{lang}/incubator/calls/{call.pk}/committee/")
    expect(page.locator("#ranking tbody tr")).to_have_count(1)
    expect(page.locator("#ranking tbody td").nth(1)).to_have_text(re.compile(r"4[.,]50"))
    assert_accessible(page)
    prefix = f"a{application.pk}"
    page.locator(f"input[name={prefix}-decision][value=accept]").check()
    page.fill(f"textarea[name={prefix}-reason]", "Besoin avéré, équipe solide.")
    page.locator(f"form[action$='/applications/{application.pk}/decision/'] button[type=submit]").click()
    page.wait_for_load_state()
    assert_accessible(page)
    application.refresh_from_db()
    assert application.state == ApplicationState.ACCEPTED
    assert Project.objects.filter(application=application).exists()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_diagnostic_radar_and_dashboard_are_drawn_and_accessible(page: Page, lang: str, youssef, sophie, coop) -> None:
    project = ProjectFactory(advisor=youssef, organisation=coop, name="Huilerie Zaytoun")
    scores = {"utility": 3, "governance": 1, "market": 2, "financing": 1, "human": 3, "roots": 4, "impact": 0}
    DiagnosticFactory(project=project, held_on=datetime.date(2026, 1, 10), scores=scores)
    latest = DiagnosticFactory(
        project=project, held_on=datetime.date(2026, 7, 10), scores={k: min(5, v + 1) for k, v in scores.items()}
    )
    for n in range(6):
        other = ProjectFactory(programme=project.programme, sector="agrifood")
        FollowUpFactory(project=other, full_time_jobs=n, members_women=3, members_men=2)

    log_in(page, lang, "youssef@example.org")
    page.goto(f"/{lang}/incubator/diagnostics/{latest.pk}/")
    expect(page.locator("#radar")).to_have_attribute("data-drawn", "true")
    expect(page.locator("#diagnostic-table tbody tr")).to_have_count(7)
    assert_accessible(page)
    page.goto(f"/{lang}/incubator/projects/{project.pk}/")
    assert_accessible(page)

    log_in(page, lang, "sophie@example.org")
    page.goto(f"/{lang}/incubator/programmes/{project.programme.pk}/dashboard/")
    expect(page.locator("canvas[data-chart='chart-sector']")).to_have_attribute("data-drawn", "true")
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if lang == "ar" else "ltr")
    axes = page.evaluate(
        "() => { const c = window.Chart.getChart(document.querySelector(\"canvas[data-chart='chart-sector']\"));"
        " return [c.options.scales.x.reverse, c.options.scales.y.position]; }"
    )
    assert axes == ([True, "right"] if lang == "ar" else [False, "left"])  # the bars mirrored in Arabic
    assert_accessible(page)
    page.goto(f"/{lang}/incubator/")
    assert_accessible(page)


def test_the_demo_pepiniere_is_populated_and_accessible_for_each_demo_account(page: Page, transactional_db) -> None:
    """The demo as loaded by load_demo: the advisor, a member of a project's team and staff find their pages
    populated, in each language."""
    from io import StringIO

    from django.core.management import call_command

    from essmed.accounts import demo as accounts_demo
    from essmed.accounts.demo import DEMO_PASSWORD
    from essmed.directory import demo as directory_demo
    from essmed.incubator import demo as incubator_demo
    from essmed.incubator.models import Call, Diagnostic

    call_command("load_territories", stdout=StringIO())
    accounts_demo.load(StringIO())
    directory_demo.load(StringIO())
    incubator_demo.load(StringIO())
    zaytoun = Project.objects.get(name="Huilerie coopérative Zaytoun")
    diagnostic = Diagnostic.objects.filter(project=zaytoun).order_by("held_on").last()
    call = Call.objects.get(programme=zaytoun.programme)

    for lang in LANGUAGES:
        log_in(page, lang, "advisor@example.org", DEMO_PASSWORD)
        page.goto(f"/{lang}/incubator/")
        expect(page.locator("#my-projects + ul li")).to_have_count(8)
        assert_accessible(page)
        page.goto(f"/{lang}/incubator/projects/{zaytoun.pk}/mentors/")
        assert_accessible(page)
        log_in(page, lang, "member@example.org", DEMO_PASSWORD)
        page.goto(f"/{lang}/incubator/projects/{zaytoun.pk}/")
        expect(page.locator("#diagnostics + ul li")).to_have_count(2)
        assert_accessible(page)
        page.goto(f"/{lang}/incubator/diagnostics/{diagnostic.pk}/")
        expect(page.locator("#radar")).to_have_attribute("data-drawn", "true")
        assert_accessible(page)
        log_in(page, lang, "staff@example.org", DEMO_PASSWORD)
        page.goto(f"/{lang}/incubator/calls/{call.pk}/committee/")
        expect(page.locator("#ranking tbody tr")).to_have_count(3)
        assert_accessible(page)
        page.goto(f"/{lang}/incubator/programmes/{zaytoun.programme_id}/dashboard/")
        assert_accessible(page)
