"""The demo incubator "Pépinière ESS Oujda", loaded by ``manage.py load_demo`` after the accounts and directory demos.

A programme run by the Maison de l'ESS de l'Oriental; a call with questions and criteria in three languages;
applications in every state, with reviews; a cohort of eight fictional cooperatives of the Oriental's provinces
(linked to the directory's fictional actors), each with two diagnostics, a support plan, sessions, follow-ups;
mentors from Occitanie (URSCOP and a SCOP of the directory); a collective workshop with attendance. The demo
accounts are cast: advisor@ (Youssef) advises the cohort and reviews the call, member@ (Fatima) is on the Zaytoun
project's team, staff@ runs the programme. Everything is matched on natural keys: loading twice changes nothing.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from essmed.accounts.actions import grant_role
from essmed.accounts.demo import DEMO_PASSWORD
from essmed.accounts.models import Organisation, Role, User
from essmed.directory.models import Actor
from essmed.incubator.models import (
    Application,
    ApplicationState,
    Attendance,
    Call,
    Cohort,
    Criterion,
    Diagnostic,
    DiagnosticScore,
    Dimension,
    FollowUp,
    MentorProfile,
    Milestone,
    PlanAction,
    Programme,
    Project,
    Question,
    QuestionKind,
    Review,
    Score,
    Stage,
    StageEntry,
    SupportSession,
    Workshop,
)
from essmed.territories.models import Division

QUESTIONS: list[dict[str, Any]] = [
    {
        "kind": QuestionKind.LONG_TEXT,
        "text_fr": "Quel besoin social votre projet satisfait-il ?",
        "text_ar": "ما هي الحاجة الاجتماعية التي يلبيها مشروعكم؟",
        "text_en": "What social need does your project meet?",
    },
    {
        "kind": QuestionKind.NUMBER,
        "text_fr": "Combien de personnes porteront le projet ?",
        "text_ar": "كم عدد الأشخاص الذين سيحملون المشروع؟",
        "text_en": "How many people will carry the project?",
    },
    {
        "kind": QuestionKind.YES_NO,
        "text_fr": "Le groupe est-il déjà constitué en coopérative ?",
        "text_ar": "هل المجموعة مؤسسة بالفعل في شكل تعاونية؟",
        "text_en": "Is the group already registered as a cooperative?",
    },
    {
        "kind": QuestionKind.CHOICE,
        "text_fr": "Où en est le projet ?",
        "text_ar": "ما هي مرحلة المشروع؟",
        "text_en": "How far along is the project?",
        "choices_fr": "Idée\nÉtude de faisabilité\nPremières ventes",
        "choices_ar": "فكرة\nدراسة الجدوى\nالمبيعات الأولى",
        "choices_en": "Idea\nFeasibility study\nFirst sales",
    },
    {
        "kind": QuestionKind.SHORT_TEXT,
        "required": False,
        "text_fr": "Site web ou page du projet",
        "text_ar": "الموقع الإلكتروني أو صفحة المشروع",
        "text_en": "Website or page of the project",
    },
]
CRITERIA = [
    ("Besoin social non satisfait", "حاجة اجتماعية غير ملباة", "Unmet social need"),
    ("Modèle économique durable", "نموذج اقتصادي مستدام", "Lasting business model"),
    ("Ancrage local", "التجذر المحلي", "Local roots"),
    ("Participation des membres", "مشاركة الأعضاء", "Members' participation"),
]
# The cohort: directory actor key, project name, sector, division code, stage, team languages.
COHORT: list[tuple[str, str, str, str, str]] = [
    ("oriental-zaytoun-berkane", "Huilerie coopérative Zaytoun", "agrifood", "DIV_006", Stage.INCUBATION),
    ("oriental-dattes-figuig", "Dattes Aziza de Figuig", "agrifood", "DIV_021", Stage.CONSOLIDATION),
    ("oriental-miel-taourirt", "Miel Nahla de Taourirt", "agrifood", "DIV_058", Stage.PRE_INCUBATION),
    ("oriental-couscous-oujda", "Couscous Baraka", "agrifood", "DIV_044", Stage.INCUBATION),
    ("oriental-pam-jerada", "Plantes aromatiques de Jérada", "agrifood", "DIV_028", Stage.PRE_INCUBATION),
    ("oriental-couture-nador", "Atelier Al Amal", "crafts", "DIV_040", Stage.INCUBATION),
    ("oriental-recyclage-oujda", "Nadafa recyclage", "environment", "DIV_044", Stage.CONSOLIDATION),
    ("oriental-olive-guercif", "Huile Al Khair de Guercif", "agrifood", "DIV_025", Stage.EMERGENCE),
]
MENTORS: list[dict[str, Any]] = [
    {
        "email": "mentor.urscop@example.org",
        "full_name": "Claire Mentor (URSCOP Occitanie)",
        "language": "fr",
        "organisation": "urscop-occitanie",
        "sectors": ["agrifood", "crafts", "environment"],
        "languages": ["fr", "en"],
        "expertise": ["governance", "financing", "human"],
        "capacity": 3,
        "bio_fr": "Accompagne la création de Scop et de Scic en Occitanie depuis quinze ans.",
        "bio_ar": "ترافق إنشاء التعاونيات العمالية والتعاونيات ذات المصلحة الجماعية في أوكسيتانيا منذ خمسة عشر عاما.",
        "bio_en": "Has supported the creation of worker and multi-stakeholder cooperatives in Occitanie for 15 years.",
    },
    {
        "email": "mentor.oleicole@example.org",
        "full_name": "Karim Mentor (coopérative oléicole, Hérault)",
        "language": "fr",
        "organisation": "urscop-occitanie",
        "sectors": ["agrifood"],
        "languages": ["fr", "ar"],
        "expertise": ["market", "roots"],
        "capacity": 2,
        "bio_fr": "Gérant d'une coopérative oléicole de l'Hérault ; export, labels et circuits courts.",
        "bio_ar": "مسير تعاونية للزيتون بإقليم هيرو؛ التصدير والعلامات والدوائر القصيرة.",
        "bio_en": "Manager of an olive cooperative in the Hérault; export, labels and short supply chains.",
    },
]


def _user(email: str, full_name: str, language: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, full_name=full_name, preferred_language=language)
    return user


def load(stdout: Any) -> None:
    staff = User.objects.get(email="staff@example.org")
    advisor = User.objects.get(email="advisor@example.org")
    fatima = User.objects.get(email="member@example.org")
    today = timezone.localdate()
    maison = Organisation.objects.filter(slug="maison-ess-oriental").first()
    programme, _created = Programme.objects.update_or_create(
        slug="pepiniere-ess-oujda",
        defaults={
            "name_fr": "Pépinière ESS Oujda",
            "name_ar": "مشتل الاقتصاد الاجتماعي والتضامني بوجدة",
            "name_en": "Oujda SSE Incubator",
            "description_fr": "Incubateur de coopératives de l'Oriental, avec les méthodes des structures "
            "d'accompagnement d'Occitanie.",
            "description_ar": "حاضنة لتعاونيات جهة الشرق، بطرق هياكل المواكبة في أوكسيتانيا.",
            "description_en": "An incubator of the Oriental's cooperatives, drawing on the methods of Occitanie's "
            "support structures.",
            "organisation": maison,
        },
    )
    call = _call(programme, advisor, today)
    mentors = _mentors()
    cohort, _created = Cohort.objects.get_or_create(
        programme=programme, name="Promotion 2026", defaults={"starts_on": date(today.year, 1, 15)}
    )
    projects = [_project(programme, cohort, advisor, fatima, spec, index, today) for index, spec in enumerate(COHORT)]
    if projects[0].mentor_id is None:
        projects[0].mentor = mentors[1]
        projects[0].save(update_fields=["mentor"])
    if projects[5].mentor_id is None:
        projects[5].mentor = mentors[0]
        projects[5].save(update_fields=["mentor"])
    _applications(call, advisor, staff, today)
    _workshop(programme, projects, today)
    stdout.write(
        f"Incubator: {programme.name}, {Application.objects.filter(call=call).count()} applications, "
        f"{len(projects)} projects, {len(mentors)} mentors"
    )


def _call(programme: Programme, advisor: User, today: date) -> Call:
    call, _created = Call.objects.update_or_create(
        programme=programme,
        title_fr="Appel à candidatures 2026 de la Pépinière",
        defaults={
            "title_ar": "نداء الترشيح 2026 للمشتل",
            "title_en": "The Incubator's 2026 call for applications",
            "description_fr": "Pour les groupes de l'Oriental qui créent ou développent une coopérative.",
            "description_ar": "للمجموعات في جهة الشرق التي تنشئ أو تطور تعاونية.",
            "description_en": "For groups of the Oriental creating or developing a cooperative.",
            "opens_on": today - timedelta(days=30),
            "closes_on": today + timedelta(days=60),
            "is_published": True,
        },
    )
    call.reviewers.add(advisor)
    for position, spec in enumerate(QUESTIONS):
        values = {key: value for key, value in spec.items() if key != "text_fr"}
        Question.objects.update_or_create(call=call, text_fr=spec["text_fr"], defaults={"position": position, **values})
    for position, (name_fr, name_ar, name_en) in enumerate(CRITERIA):
        Criterion.objects.update_or_create(
            call=call, name_fr=name_fr, defaults={"position": position, "name_ar": name_ar, "name_en": name_en}
        )
    return call


def _mentors() -> list[User]:
    users = []
    for spec in MENTORS:
        user = _user(spec["email"], spec["full_name"], spec["language"])
        organisation = Organisation.objects.filter(slug=spec["organisation"]).first()
        grant_role(user, Role.ADVISOR, organisation=organisation)
        MentorProfile.objects.update_or_create(
            user=user,
            defaults={
                key: spec[key]
                for key in ("sectors", "languages", "expertise", "capacity", "bio_fr", "bio_ar", "bio_en")
            },
        )
        users.append(user)
    return users


def _applications(call: Call, advisor: User, staff: User, today: date) -> None:
    specs = [
        ("Épicerie solidaire d'Ahfir", "oriental-poterie-ahfir", ApplicationState.DRAFT),
        ("Broderie de Ben Taïeb", "oriental-broderie-ben-taieb", ApplicationState.SUBMITTED),
        ("Romarin d'El Aïoun", "oriental-romarin-el-aioun", ApplicationState.SCREENING),
        ("Figues de Taourirt", "oriental-figues-taourirt", ApplicationState.MORE_INFO),
        ("Lait de Zaïo", "oriental-lait-zaio", ApplicationState.REVIEW),
        ("Pêche artisanale de Ras El Ma", "oriental-peche-ras-el-ma", ApplicationState.COMMITTEE),
        ("Éleveurs de Bouarfa", "oriental-eleveurs-bouarfa", ApplicationState.COMMITTEE),
        ("Gîte des ksour de Figuig", "oriental-gite-figuig", ApplicationState.DECLINED),
    ]
    questions = list(call.questions.all())
    criteria = list(call.criteria.all())
    for index, (name, key, state) in enumerate(specs):
        applicant = _user(f"porteur.{key.removeprefix('oriental-')}@example.org", f"Porteur {name}", "fr")
        application, created = Application.objects.get_or_create(
            call=call,
            project_name=name,
            defaults={
                "applicant": applicant,
                "state": state,
                "sector": "agrifood" if index % 2 else "crafts",
                "summary": f"{name} : un projet coopératif de l'Oriental (fictif).",
                "submitted_at": None if state == ApplicationState.DRAFT else timezone.now(),
            },
        )
        if not created:
            continue
        if state == ApplicationState.DECLINED:
            application.decision_reason = "Projet touristique hors du champ de cette promotion."
            application.referral = "Programme régional de tourisme solidaire"
            application.decided_at = timezone.now()
            application.save()
        if state == ApplicationState.MORE_INFO:
            application.staff_note = "Merci de joindre le budget prévisionnel de la première année."
            application.save()
        for question in questions:
            value = {"number": "5", "yes_no": "no", "choice": question.choice_list()[0] if question.choices else ""}
            application.answers.create(question=question, value=value.get(question.kind, "Réponse de démonstration"))
        if state in (ApplicationState.COMMITTEE, ApplicationState.DECLINED):  # "review": waits for Youssef
            review = Review.objects.create(
                application=application,
                reviewer=advisor,
                recommendation=["yes", "maybe", "no"][index % 3],
                comment="Évaluation de démonstration.",
            )
            for n, criterion in enumerate(criteria):
                Score.objects.create(review=review, criterion=criterion, value=(index + n) % 6 if n != 3 else None)


def _scores(index: int, later: bool) -> dict[str, int]:
    base = [2, 1, 2, 1, 3, 2, 0]
    return {
        dimension: min(5, base[(n + index) % 7] + (1 + (n + index) % 2 if later else 0))
        for n, dimension in enumerate(Dimension.values)
    }


def _project(
    programme: Programme,
    cohort: Cohort,
    advisor: User,
    fatima: User,
    spec: tuple[str, str, str, str, str],
    index: int,
    today: date,
) -> Project:
    key, name, sector, division_code, stage = spec
    actor = Actor.objects.filter(source="essmed-demo", source_key=key).first()
    division = Division.objects.filter(region__slug="oriental", code=division_code).first()
    started = cohort.starts_on - timedelta(days=200 * (index % 3))
    project, created = Project.objects.get_or_create(
        programme=programme,
        name=name,
        defaults={
            "cohort": cohort,
            "sector": sector,
            "division": division,
            "actor": actor,
            "advisor": advisor,
            "languages": ["ar", "fr"],
            "stage": stage,
            "started_on": started,
            "organisation": actor.organisation if actor else None,
        },
    )
    if not created:
        return project
    if index == 0:
        project.team.add(fatima)
    stages = list(Stage.values)
    for n, code in enumerate(stages[: stages.index(stage) + 1]):
        # Nothing dated in the future, whenever in the year the demo is loaded.
        entered_on = min(started + timedelta(days=90 * n), today)
        StageEntry.objects.create(project=project, stage=code, entered_on=entered_on)
    for n, held_on in enumerate((min(started + timedelta(days=10), today), min(started + timedelta(days=180), today))):
        diagnostic = Diagnostic.objects.create(
            project=project, held_on=held_on, created_by=advisor, summary="Diagnostic partagé avec l'équipe."
        )
        for dimension, score in _scores(index, later=n == 1).items():
            DiagnosticScore.objects.create(
                diagnostic=diagnostic, dimension=dimension, score=score, comment="Vu ensemble en séance."
            )
    PlanAction.objects.create(
        project=project,
        title="Rédiger les statuts coopératifs",
        dimension="governance",
        kind="internal",
        owner=advisor,
        due_on=today + timedelta(days=30),
        status="in_progress",
    )
    PlanAction.objects.create(
        project=project,
        title="Étude de marché à l'export",
        dimension="market",
        kind="external",
        provider="URSCOP Occitanie",
        due_on=today + timedelta(days=90),
    )
    PlanAction.objects.create(
        project=project,
        title="Demande de microcrédit",
        dimension="financing",
        kind="referral",
        provider="Association de microcrédit de l'Oriental",
        due_on=today - timedelta(days=10),
    )
    Milestone.objects.create(
        project=project, stage=Stage.INCUBATION, title="Statuts déposés", due_on=today + timedelta(days=60)
    )
    session = SupportSession.objects.create(
        project=project,
        held_on=today - timedelta(days=14),
        duration_minutes=90,
        topics="Gouvernance et répartition des rôles",
        next_steps="Préparer l'assemblée constitutive",
        logged_by=advisor,
    )
    session.participants.add(advisor, *project.team.all())
    women, men = 4 + index, 2 + index % 3
    FollowUp.objects.create(
        project=project,
        point="entry",
        reported_on=started,
        full_time_jobs=index % 3,
        part_time_jobs=2,
        part_time_fraction=Decimal("0.50"),
        members_women=women,
        members_men=men,
        members_under_30=2 + index % 4,
        turnover=Decimal(20000 * index),
        funds_raised=Decimal(5000 * (index % 3)),
        recorded_by=advisor,
    )
    if started + timedelta(days=183) <= today:
        FollowUp.objects.create(
            project=project,
            point="6m",
            reported_on=started + timedelta(days=185),
            full_time_jobs=1 + index % 3,
            part_time_jobs=3,
            part_time_fraction=Decimal("0.50"),
            members_women=women + 2,
            members_men=men,
            members_under_30=3 + index % 4,
            turnover=Decimal(35000 * (index + 1)),
            funds_raised=Decimal(15000 * (index % 3)),
            still_active=index != 7,
            recorded_by=advisor,
        )
    return project


def _workshop(programme: Programme, projects: list[Project], today: date) -> None:
    workshop, created = Workshop.objects.get_or_create(
        programme=programme,
        title_fr="Atelier collectif : gouvernance coopérative",
        defaults={
            "title_ar": "ورشة جماعية: الحكامة التعاونية",
            "title_en": "Group workshop: cooperative governance",
            "held_on": today - timedelta(days=7),
            "duration_minutes": 180,
        },
    )
    if created:
        workshop.projects.add(*projects)
        for person in projects[0].team_members():
            Attendance.objects.create(workshop=workshop, person=person, present=True)
