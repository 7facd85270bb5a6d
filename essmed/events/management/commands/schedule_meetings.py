"""``python manage.py schedule_meetings INPUT [--output FILE] [--fairness D] [--time-limit SECONDS]``.

INPUT is a MiniZinc ``.dzn`` file of the B2B benchmark (every meeting must be held; fairness 2 unless given) or
a JSON instance (docs/scheduling.md; no fairness bound unless given). The result is JSON, to ``--output`` or to
standard output, with a one-line summary (on standard error when the JSON goes to standard output)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from essmed.events.scheduling import InstanceError, parse_dzn, parse_json, result_to_json, schedule

DZN_DEFAULT_FAIRNESS = 2


class Command(BaseCommand):
    help = "Schedule B2B meetings from a .dzn or JSON instance and write the schedule as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("input", help="a MiniZinc .dzn file of the benchmark or a JSON instance")
        parser.add_argument("--output", help="write the JSON result to this file (default: standard output)")
        parser.add_argument(
            "--fairness",
            type=int,
            default=None,
            help="most breaks − fewest breaks of any participant (default: 2 for .dzn, none for JSON)",
        )
        parser.add_argument("--time-limit", type=float, default=60.0, help="seconds of search (default 60)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["input"])
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"cannot read {path}: {error}") from error
        fairness: int | None = options["fairness"]
        time_limit: float = options["time_limit"]
        if fairness is not None and fairness < 0:
            raise CommandError(f"--fairness must not be negative ({fairness})")
        if not time_limit > 0:
            raise CommandError(f"--time-limit must be positive ({time_limit})")
        try:
            if path.suffix.lower() == ".dzn":
                instance = parse_dzn(text)
                if fairness is None:
                    fairness = DZN_DEFAULT_FAIRNESS
            else:
                try:
                    data = json.loads(text)
                except json.JSONDecodeError as error:
                    raise CommandError(
                        f"{path} is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
                    ) from error
                instance = parse_json(data)
            result = schedule(instance, fairness=fairness, time_limit=time_limit)
        except InstanceError as error:
            raise CommandError(f"{path}: {error}") from error
        output = json.dumps(result_to_json(result), indent=1, ensure_ascii=False)
        summary = (
            f"{path.name}: {result.status}, {len(result.scheduled)} meetings scheduled, "
            f"{len(result.unscheduled)} not, breaks {result.breaks if result.breaks is not None else '-'} "
            f"(lower bound {result.bound_breaks if result.bound_breaks is not None else '-'}), "
            f"upper bound on meetings {result.bound_meetings}, fairness {fairness if fairness is not None else '-'}, "
            f"{result.seconds:.1f} s"
        )
        if result.conflicts:
            summary += "; conflicts: " + "; ".join(result.conflicts[:5])
        if options["output"]:
            try:
                Path(options["output"]).write_text(output + "\n", encoding="utf-8")
            except OSError as error:
                raise CommandError(f"cannot write {options['output']}: {error}") from error
            self.stdout.write(summary)
        else:
            self.stdout.write(output)
            self.stderr.write(summary)
