"""Check a consortium file against a call's rules and print the verdict as JSON (docs/funding.md).

Everything it says, the verdict and the errors alike, is in the language of ``--language`` (English by default).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext

from essmed.funding.actions import ConsortiumError, check_consortium, consortium_from_json
from essmed.funding.models import Call


class Command(BaseCommand):
    help = "Check CONSORTIUM.json against the rules of the call CALL_REFERENCE; prints the verdict as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("reference", help="The call's reference, e.g. interreg-next-med-call-2")
        parser.add_argument("consortium", type=Path, help="A JSON file: partners, budget, grant, duration")
        parser.add_argument(
            "--language", default="en", choices=["fr", "ar", "en"], help="Language of the verdict and the errors"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"]):
            self.stdout.write(
                json.dumps(self.verdict(options["reference"], options["consortium"]), ensure_ascii=False, indent=2)
            )

    def verdict(self, reference: str, path: Path) -> dict[str, Any]:
        """The verdict as JSON, or CommandError naming what is wrong (in the active language)."""
        call = Call.objects.filter(reference=reference).select_related("programme").first()
        if call is None:
            raise CommandError(gettext("unknown call '%(reference)s'") % {"reference": reference})
        data = read_json(path)
        try:
            consortium = consortium_from_json(data)
        except ConsortiumError as error:
            raise CommandError(f"{path.name}: {error}") from error
        verdict = check_consortium(call, consortium)
        if not verdict.results and not verdict.checklist:
            raise CommandError(
                gettext("the call '%(reference)s' has no eligibility rule") % {"reference": call.reference}
            )
        return verdict.as_json()


def read_json(path: Path) -> Any:
    """The JSON value of the file at ``path``, or CommandError naming the file and what is wrong with it."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise CommandError(gettext("%(path)s: no such file") % {"path": path}) from error
    except IsADirectoryError as error:
        raise CommandError(gettext("%(path)s: a folder, not a file") % {"path": path}) from error
    except PermissionError as error:
        raise CommandError(gettext("%(path)s: you have no right to read this file") % {"path": path}) from error
    except UnicodeDecodeError as error:
        raise CommandError(gettext("%(path)s: not a text in UTF-8") % {"path": path.name}) from error
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        reason = gettext("not valid JSON: error at line %(line)s, column %(column)s") % {
            "line": error.lineno,
            "column": error.colno,
        }
        raise CommandError(f"{path.name}: {reason}") from error
    except RecursionError as error:  # nested too deep for the parser
        raise CommandError(f"{path.name}: {gettext('not valid JSON')}") from error
