"""Time the search of an event's participants: the catalogue page, the API and the check-in desk with ``q``.

Run:
    .venv/bin/python benchmarks/event_search.py                          # 500 and 5,000 participants
    .venv/bin/python benchmarks/event_search.py --participants 5000 --repeat 20

A throw-away SQLite database in a temporary folder (or the database of ``DATABASE_URL``, which must
be empty: its tables are created by the migrations and left there). The participants are created in bulk, as an
import would: two in three represent one of the actors (half as many actors as participants, named in French,
Arabic and English, with an acronym), and each writes what they offer and seek in one to three languages. The
first search after the bulk creation is timed apart (it may have stored texts to bring up to date); then each
query is timed ``--repeat`` times (median), beside the same page without ``q`` (on PostgreSQL after an ``ANALYZE``,
as autovacuum would run after a bulk load: without it, the planner's guesses dwarf the search). Prints figures;
asserts nothing.
"""

from __future__ import annotations

import argparse
import atexit
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.machine import yardstick  # noqa: E402 - after the path

FIRST = ["Nadia", "Hélène", "Karim", "Youssef", "Fatima-Zahra", "Omar", "Claire", "Rachid", "Amal", "Pauline"]
FIRST_AR = ["نادية", "كريم", "يوسف", "فاطمة الزهراء", "عمر", "رشيد", "أمل"]
LAST = ["Dupré", "Benali", "El Amrani", "Martin", "Bennani", "Garcia", "Tazi", "Rossi", "Haddad", "Lefèvre"]
LAST_AR = ["بنعلي", "العمراني", "بناني", "التازي", "حداد"]
KINDS = [
    ("Coopérative", "تعاونية", "Cooperative"),
    ("Association", "جمعية", "Association"),
    ("Mutuelle", "تعاضدية", "Mutual"),
    ("Réseau", "شبكة", "Network"),
]
PLACES = [("Zaytoun", "الزيتون"), ("Argan", "أركان"), ("Atlas", "الأطلس"), ("Oriental", "الشرق"), ("Tifaout", "تيفاوت")]
OFFERS = [
    ("Huile d'olive biologique et savon", "زيت الزيتون والصابون", "Organic olive oil and soap"),
    ("Formation des jeunes à l'artisanat", "تكوين الشباب في الصناعة التقليدية", "Training young people in crafts"),
    ("Tourisme solidaire en montagne", "السياحة التضامنية في الجبل", "Fair tourism in the mountains"),
    ("Recyclage des déchets plastiques", "إعادة تدوير النفايات البلاستيكية", "Recycling plastic waste"),
    ("Financement participatif", "التمويل التشاركي", "Crowdfunding"),
]
SEEKS = [
    ("Distributeurs en Europe", "موزعون في أوروبا", "Distributors in Europe"),
    ("Partenaires pour l'export", "شركاء للتصدير", "Export partners"),
    ("Mentorat et accompagnement", "المواكبة والتأطير", "Mentoring and support"),
    ("Économie sociale et solidaire", "الاقتصاد الاجتماعي والتضامني", "Social economy"),
]
QUERIES = [
    ("one word, many found", "cooperative"),
    ("two words, accents", "coopérative zaytoun"),
    ("arabic, article", "التعاونية"),
    ("a stem", "distributeur"),
    ("a person", "hélène dupré"),
    ("nothing found", "introuvable"),
]


def setup() -> None:
    os.environ.setdefault("DEBUG", "true")
    os.environ["ESSMED_VAR_DIR"] = folder = tempfile.mkdtemp(prefix="essmed-bench-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    os.environ["DJANGO_SETTINGS_MODULE"] = "essmed.settings"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def populate(size: int, seed: int) -> tuple[Any, Any]:
    """An event with ``size`` admitted participants, and an organiser of it."""
    from essmed.accounts.models import User
    from essmed.directory.models import Actor, ActorStatus
    from essmed.events.models import Event, Registration
    from essmed.territories.models import Country

    rng = random.Random(seed)  # noqa: S311 - a reproducible benchmark, not security
    country, _ = Country.objects.get_or_create(code="MA", defaults={"name": "Maroc"})
    event = Event.objects.create(
        slug=f"salon-{size}-{seed}",
        title_fr="Salon",
        starts_on=date(2099, 4, 14),
        ends_on=date(2099, 4, 15),
        is_published=True,
    )
    organiser = User.objects.create_user(f"organiser-{size}-{seed}@example.org", None, full_name="Organiser")
    event.organisers.add(organiser)
    actors = []
    for number in range(size // 2):
        kind = rng.choice(KINDS)
        place = rng.choice(PLACES)
        actors.append(
            Actor(
                name=f"{kind[0]} {place[0]} {number}",
                name_fr=f"{kind[0]} {place[0]} {number}",
                name_ar=f"{kind[1]} {place[1]} {number}",
                name_en=f"{place[0]} {kind[2]} {number}",
                acronym=f"{kind[0][0]}{place[0][0]}{number}",
                actor_type="cooperative",
                country=country,
                status=ActorStatus.PUBLISHED,
            )
        )
    actors = Actor.objects.bulk_create(actors, batch_size=500)
    users = []
    for number in range(size):
        if rng.random() < 0.3:
            name = f"{rng.choice(FIRST_AR)} {rng.choice(LAST_AR)}"
        else:
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        users.append(User(email=f"p{number}-{size}-{seed}@example.org", full_name=name, password="!"))  # noqa: S106
    users = User.objects.bulk_create(users, batch_size=500)
    registrations = []
    for user in users:
        offers, seeks = rng.choice(OFFERS), rng.choice(SEEKS)
        languages = rng.sample(range(3), rng.randint(1, 3))
        texts = {f"offers_{code}": offers[i] for i, code in enumerate(("fr", "ar", "en")) if i in languages}
        texts |= {f"seeks_{code}": seeks[i] for i, code in enumerate(("fr", "ar", "en")) if i in languages}
        actor = rng.choice(actors) if rng.random() < 2 / 3 else None
        registrations.append(Registration(event=event, user=user, actor=actor, **texts))
    Registration.objects.bulk_create(registrations, batch_size=500)
    return event, organiser


def median_ms(work: Callable[[], object], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        began = time.perf_counter()
        work()
        timings.append((time.perf_counter() - began) * 1000)
    return statistics.median(timings)


def measure(size: int, repeat: int, seed: int) -> None:
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from essmed.events.access import with_actor_shown
    from essmed.events.models import Registration

    started = time.perf_counter()
    event, organiser = populate(size, seed)
    print(f"\n## {size:,} participants (created in {time.perf_counter() - started:.1f} s)")
    public, desk = Client(), Client()
    desk.force_login(organiser)
    catalogue = reverse("events:participants", args=[event.slug])
    api = f"/api/events/{event.slug}/participants"
    checkin = reverse("events:checkin", args=[event.slug])

    def get(who: Client, url: str, query: str = "") -> Callable[[], object]:
        def run() -> object:
            response = who.get(url, {"q": query} if query else {})
            assert response.status_code == 200, (url, response.status_code)
            return response

        return run

    def count(query: str, profile: bool = True) -> Callable[[], object]:
        people = with_actor_shown(Registration.objects.admitted().filter(event=event), AnonymousUser())
        return lambda: people.matching(query, profile=profile).count()

    first = median_ms(get(public, catalogue, "cooperative"), 1)
    print(f"first search after the bulk creation (catalogue page): {first:.0f} ms")
    if connection.vendor == "postgresql":  # statistics of the new rows, as autovacuum would gather them
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"{'what':<40} {'query':<24} {'found':>5} {'median ms':>9}")
    for what, who, url in (("catalogue page", public, catalogue), ("API", public, api), ("desk", desk, checkin)):
        print(f"{what + ', no search':<40} {'':<24} {'':>5} {median_ms(get(who, url), repeat):>9.1f}")
        for label, query in QUERIES:
            found = count(query, profile=what != "desk")()
            elapsed = median_ms(get(who, url, query), repeat)
            print(f"{what + ', ' + label:<40} {query:<24} {found:>5} {elapsed:>9.1f}")
    for label, query in QUERIES:
        print(f"{'matching().count(), ' + label:<40} {query:<24} {'':>5} {median_ms(count(query), repeat):>9.1f}")
    everyone = Registration.objects.filter(event=event)
    if hasattr(everyone, "refresh_search"):  # the texts kept folded: the check that they are current, alone
        elapsed = median_ms(everyone.refresh_search, repeat)
        print(f"{'refresh_search(), nothing to do':<40} {'':<24} {'':>5} {elapsed:>9.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--participants", type=int, nargs="+", default=[500, 5000])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(yardstick(), flush=True)
    setup()
    from django.db import connection

    print(f"# database: {connection.vendor}; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    for size in args.participants:
        measure(size, args.repeat, args.seed)


if __name__ == "__main__":
    main()
