"""Check a consortium file against a call's rules and print the verdict as JSON (docs/funding.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from essmed.funding.actions import ConsortiumError, check_consortium, consortium_from_json
from essmed.funding.models import Call


class Command(BaseCommand):
    help = "Check CONSORTIUM.json against the rules of the call CALL_REFERENCE; prints the verdict as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("reference", help="The call's reference, e.g. interreg-next-med-call-2")
        parser.add_argument("consortium", type=Path, help="A JSON file: partners, budget, grant, duration")
        parser.add_argument("--language", default="en", choices=["fr", "ar", "en"], help="Language of labels")

    def handle(self, *args: Any, **options: Any) -> None:
        call = Call.objects.filter(reference=options["reference"]).select_related("programme").first()
        if call is None:
            raise CommandError(f"unknown call {options['reference']!r}")
        path: Path = options["consortium"]
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as error:
            raise CommandError(f"{path}: no such file") from error
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise CommandError(f"{path.name}: not valid JSON: {error}") from error
        try:
            consortium = consortium_from_json(data)
        except ConsortiumError as error:
            with translation.override(options["language"]):  # the error in the language asked, like the labels
                raise CommandError(f"{path.name}: {error}") from error
        with translation.override(options["language"]):
            verdict = check_consortium(call, consortium)
        if not verdict.results and not verdict.checklist:
            raise CommandError(f"the call {call.reference!r} has no eligibility rule")
        self.stdout.write(json.dumps(verdict.as_json(), ensure_ascii=False, indent=2))
