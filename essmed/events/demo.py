"""The demo events, loaded by ``manage.py load_demo`` after the accounts and the directory.

- "Salon régional de l'ESS — Oujda" (two days in April 2027): the demo users and 30 actors of the directory demo
  (fictional Oriental cooperatives first, then real SUSY and ESS France actors) as participants, each actor
  represented by a placeholder person who cannot log in (``salon-participant-N@example.org``, unusable
  password); meeting requests between them, most accepted; a schedule computed by the scheduler.
- "Rencontres internationales de l'innovation sociale — Montpellier" (June 2027), slots ready, registration open.

Everything is matched on natural keys (event slug, email, pairs of participants): loading twice changes nothing.
"""

from __future__ import annotations

import random
from datetime import date, time
from typing import Any

from django.db import transaction

from essmed.accounts.models import User
from essmed.directory.models import Actor, Term, Vocabulary
from essmed.events.actions import execute_run, replace_day_slots
from essmed.events.models import (
    Event,
    Meeting,
    MeetingRequest,
    Priority,
    Registration,
    RequestStatus,
    ScheduleRun,
)
from essmed.events.planning import generate_slots, parse_breaks
from essmed.territories.models import Region

SALON = "salon-regional-ess-oujda-2027"
RENCONTRES = "rencontres-innovation-sociale-montpellier-2027"
DEMO_USERS = [
    "member@example.org",
    "advisor@example.org",
    "delegate@example.org",
    "trainer@example.org",
    "participant@example.org",
]
ACTOR_PARTICIPANTS = 30
SEED = 2027

OFFERS = [
    (
        "Produits du terroir en circuit court",
        "منتجات محلية عبر سلاسل قصيرة",
        "Local produce through short supply chains",
    ),
    ("Formation à la gestion coopérative", "تكوين في تدبير التعاونيات", "Training in cooperative management"),
    ("Accompagnement à l'export équitable", "مواكبة في التصدير العادل", "Support for fair-trade export"),
    ("Services numériques pour les associations", "خدمات رقمية للجمعيات", "Digital services for associations"),
    (
        "Tourisme solidaire et accueil de groupes",
        "سياحة تضامنية واستقبال المجموعات",
        "Solidarity tourism and group hosting",
    ),
]
SEEKS = [
    ("Distributeurs et épiceries solidaires", "موزعون ومحلات بقالة تضامنية", "Distributors and solidarity grocers"),
    ("Financement participatif ou prêt d'honneur", "تمويل تشاركي أو قرض شرف", "Crowdfunding or honour loans"),
    ("Partenaires pour un projet européen", "شركاء لمشروع أوروبي", "Partners for a European project"),
    ("Conseil en emballage et étiquetage", "استشارة في التعبئة ووضع البطاقات", "Advice on packaging and labelling"),
    (
        "Échanges de pratiques entre coopératives",
        "تبادل الممارسات بين التعاونيات",
        "Exchanges of practices between cooperatives",
    ),
]


def load(stdout: Any) -> None:
    salon = _salon()
    people = _salon_participants(salon)
    created = _salon_requests(salon, people)
    stdout.write(f"Salon régional de l'ESS — Oujda: {len(people)} participants, {created} new meeting requests")
    stdout.write(_salon_schedule(salon))
    _rencontres()
    stdout.write("Rencontres internationales de l'innovation sociale — Montpellier: registration open")


def _region(slug_part: str) -> Region | None:
    return Region.objects.filter(slug__icontains=slug_part).first()


def _slots(event: Event, days: list[date], start: time, end: time, minutes: int, breaks: str) -> None:
    existing = {slot.local_start().date() for slot in event.slots.all()}
    for day in days:
        if day not in existing:
            planned = generate_slots(day, start, end, minutes, parse_breaks(breaks), event.zone)
            replace_day_slots(event, day, planned)  # breaks unlabelled: pages show "break" in their language


@transaction.atomic
def _salon() -> Event:
    event, _created = Event.objects.get_or_create(
        slug=SALON,
        defaults={
            "title_fr": "Salon régional de l'ESS — Oujda",
            "title_ar": "المعرض الجهوي للاقتصاد الاجتماعي والتضامني — وجدة",
            "title_en": "Regional SSE fair — Oujda",
            "description_fr": "Deux journées de rencontres entre coopératives, associations, structures "
            "d'accompagnement et financeurs de l'Oriental et de leurs partenaires de la Méditerranée, avec des "
            "rendez-vous d'affaires en tête-à-tête de trente minutes.",
            "description_ar": "يومان من اللقاءات بين التعاونيات والجمعيات وهياكل المواكبة والممولين في جهة الشرق "
            "وشركائهم في المتوسط، مع لقاءات أعمال ثنائية مدتها ثلاثون دقيقة.",
            "description_en": "Two days of meetings between cooperatives, associations, support structures and "
            "funders of the Oriental and their Mediterranean partners, with thirty-minute one-to-one business "
            "meetings.",
            "starts_on": date(2027, 4, 14),
            "ends_on": date(2027, 4, 15),
            "time_zone": "Africa/Casablanca",
            "venue_fr": "Palais des congrès",
            "venue_ar": "قصر المؤتمرات",
            "venue_en": "Conference centre",
            "address": "Boulevard Mohammed VI",
            "city": "Oujda",
            "region": _region("oriental"),
            "tables": 12,
            "capacity": 120,
            "registration_open": True,
            "is_published": True,
            "default_max_meetings": 10,
        },
    )
    _slots(event, [date(2027, 4, 14), date(2027, 4, 15)], time(9), time(17), 30, "10:30-11:00, 12:30-14:00")
    return event


def _salon_participants(event: Event) -> list[Registration]:
    people: list[Registration] = []
    terms = list(Term.objects.filter(vocabulary__in=[Vocabulary.ACTIVITY, Vocabulary.THEME]).order_by("code"))
    rng = random.Random(SEED)  # noqa: S311 - a reproducible demo, not a secret
    for email in DEMO_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            continue
        actor = Actor.objects.filter(organisation__memberships__user=user).first()
        people.append(_register(event, user, actor, len(people), terms, rng))
    demo_actors = list(Actor.objects.published().filter(source="essmed-demo", country__code="MA").order_by("pk")[:20])
    others = Actor.objects.published().exclude(pk__in=[a.pk for a in demo_actors]).exclude(source="essmed-demo")
    actors = (demo_actors + list(others.order_by("pk")[: ACTOR_PARTICIPANTS - len(demo_actors)]))[:ACTOR_PARTICIPANTS]
    for number, actor in enumerate(actors, start=1):
        user, created = User.objects.get_or_create(
            email=f"salon-participant-{number}@example.org",
            defaults={"full_name": f"Délégation · {actor.name}"[:150], "preferred_language": "fr"},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        people.append(_register(event, user, actor, len(people), terms, rng))
    return people


def _register(
    event: Event, user: User, actor: Actor | None, index: int, terms: list[Term], rng: random.Random
) -> Registration:
    offer, seek = OFFERS[index % len(OFFERS)], SEEKS[(index * 2 + 1) % len(SEEKS)]
    registration, created = Registration.objects.get_or_create(
        event=event,
        user=user,
        defaults={
            "actor": actor,
            "offers_fr": offer[0],
            "offers_ar": offer[1],
            "offers_en": offer[2],
            "seeks_fr": seek[0],
            "seeks_ar": seek[1],
            "seeks_en": seek[2],
            "availability": ["any", "any", "any", "morning", "afternoon"][index % 5],
        },
    )
    if created and terms:
        registration.offer_terms.set(rng.sample(terms, k=min(2, len(terms))))
        registration.seek_terms.set(rng.sample(terms, k=min(2, len(terms))))
    return registration


@transaction.atomic
def _salon_requests(event: Event, people: list[Registration]) -> int:
    """About four requests per participant, most accepted; none created if the event already has requests."""
    if event.meeting_requests.exists() or len(people) < 2:
        return 0
    rng = random.Random(SEED)  # noqa: S311 - a reproducible demo, not a secret
    seen: set[frozenset[int]] = set()
    created = 0
    for requester in people:
        for recipient in rng.sample(people, k=min(5, len(people))):
            pair = frozenset((requester.pk, recipient.pk))
            if requester.pk == recipient.pk or pair in seen:
                continue
            seen.add(pair)
            draw = rng.random()
            status = (
                RequestStatus.ACCEPTED
                if draw < 0.8
                else RequestStatus.PENDING
                if draw < 0.92
                else RequestStatus.DECLINED
            )
            MeetingRequest.objects.create(
                event=event,
                requester=requester,
                recipient=recipient,
                message="Bonjour, j'aimerais vous présenter notre activité et voir comment coopérer.",
                priority=rng.choice([Priority.LOW, Priority.NORMAL, Priority.NORMAL, Priority.HIGH]),
                status=status,
            )
            created += 1
    return created


def _salon_schedule(event: Event) -> str:
    if Meeting.objects.filter(request__event=event).exists():
        return "Salon schedule: already computed"
    try:
        import essmed.events.scheduling  # noqa: F401
    except ImportError:
        return "Salon schedule: the scheduler is not available, no meeting scheduled"
    run = ScheduleRun.objects.create(event=event, fairness=None, time_limit=30)
    run = execute_run(run, notify=False)
    return (
        f"Salon schedule: {run.get_status_display()}, {run.meetings_held} meetings held of "
        f"{run.requests_count} accepted requests (at most {run.bound_meetings}), {run.breaks} breaks"
    )


@transaction.atomic
def _rencontres() -> None:
    event, _created = Event.objects.get_or_create(
        slug=RENCONTRES,
        defaults={
            "title_fr": "Rencontres internationales de l'innovation sociale — Montpellier",
            "title_ar": "اللقاءات الدولية للابتكار الاجتماعي — مونبلييه",
            "title_en": "International meetings on social innovation — Montpellier",
            "description_fr": "Porteurs de projets, incubateurs et financeurs des deux rives se rencontrent pour "
            "construire des coopérations et des consortiums européens.",
            "description_ar": "يلتقي حاملو المشاريع والحاضنات والممولون من الضفتين لبناء شراكات واتحادات أوروبية.",
            "description_en": "Project holders, incubators and funders of both shores meet to build cooperation "
            "and European consortia.",
            "starts_on": date(2027, 6, 9),
            "ends_on": date(2027, 6, 10),
            "time_zone": "Europe/Paris",
            "venue_fr": "Halle Tropisme",
            "venue_ar": "قاعة تروبيزم",
            "venue_en": "Halle Tropisme",
            "address": "121 rue Fontcouverte",
            "city": "Montpellier",
            "region": _region("occitanie"),
            "tables": 20,
            "capacity": 200,
            "registration_open": True,
            "is_published": True,
        },
    )
    _slots(event, [date(2027, 6, 9), date(2027, 6, 10)], time(9, 30), time(17, 30), 20, "11:00-11:20, 12:40-14:00")
