"""The schedule_meetings command, end to end with files."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

DATA = Path(__file__).parent / "scheduling_data"


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("schedule_meetings", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_benchmark_dzn_is_scheduled_to_a_file_with_fairness_two_by_default(tmp_path: Path) -> None:
    output = tmp_path / "schedule.json"
    out, _ = run(str(DATA / "tic-12.original.dzn"), "--output", str(output), "--time-limit", "20")
    result = json.loads(output.read_text())
    assert result["status"] == "optimal"
    assert result["breaks"] == 0 and result["bound"] == {"meetings": 125, "breaks": 0}
    assert len(result["scheduled"]) == 125 and result["unscheduled"] == []
    assert {"request", "slot", "table"} == set(result["scheduled"][0])
    assert "tic-12.original.dzn: optimal, 125 meetings scheduled" in out and "fairness 2" in out


def test_a_json_instance_goes_to_stdout_with_the_summary_on_stderr(tmp_path: Path) -> None:
    instance = {
        "slots": 3,
        "morning_slots": 2,
        "tables": 1,
        "participants": [{"id": "p1"}, {"id": "p2"}, {"id": "p3", "unavailable": [1, 2, 3]}],
        "requests": [{"id": "r1", "a": "p1", "b": "p2"}, {"id": "r2", "a": "p1", "b": "p3"}],
    }
    path = tmp_path / "fair.json"
    path.write_text(json.dumps(instance))
    out, err = run(str(path), "--fairness", "1", "--time-limit", "5")
    result = json.loads(out)
    assert [s["request"] for s in result["scheduled"]] == ["r1"]
    assert result["unscheduled"] == [
        {"request": "r2", "code": "no_common_slot", "reason": result["unscheduled"][0]["reason"]}
    ]
    assert "p1 and p3" in result["unscheduled"][0]["reason"]
    assert "1 meetings scheduled, 1 not" in err and "fairness 1" in err


def test_an_infeasible_instance_reports_its_conflicts(tmp_path: Path) -> None:
    path = tmp_path / "tight.json"
    path.write_text(
        json.dumps(
            {
                "slots": 1,
                "tables": 1,
                "must_hold_all": True,
                "participants": [{"id": "a"}, {"id": "b"}, {"id": "c"}],
                "requests": [{"id": "1", "a": "a", "b": "b"}, {"id": "2", "a": "a", "b": "c"}],
            }
        )
    )
    out, err = run(str(path))
    assert json.loads(out)["status"] == "infeasible"
    assert "participant a has 2 meetings but only 1 free slots" in json.loads(out)["conflicts"]
    assert "conflicts:" in err


@pytest.mark.parametrize(
    ("content", "suffix", "message"),
    [
        ("{not json", ".json", "is not valid JSON: Expecting property name enclosed in double quotes at line 1"),
        (
            '{"slots": 2, "tables": 1, "participants": [], "requests": [{"id": "r1", "a": "x", "b": "y"}]}',
            ".json",
            "unknown participant 'x' in request 'r1'",
        ),
        ("nBusiness = 2;\nnMeetings = 1;\nnTables = ;", ".dzn", "malformed .dzn at line 3"),
    ],
)
def test_bad_input_is_a_command_error_naming_the_problem(
    tmp_path: Path, content: str, suffix: str, message: str
) -> None:
    path = tmp_path / f"bad{suffix}"
    path.write_text(content)
    with pytest.raises(CommandError, match=message.replace(".", r"\.")):
        run(str(path))


def test_missing_file_and_bad_options_are_command_errors(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="cannot read"):
        run(str(tmp_path / "absent.json"))
    path = tmp_path / "ok.json"
    path.write_text('{"slots": 1, "tables": 1, "participants": [], "requests": []}')
    with pytest.raises(CommandError, match="--fairness must not be negative"):
        run(str(path), "--fairness", "-1")
    with pytest.raises(CommandError, match="--time-limit must be positive"):
        run(str(path), "--time-limit", "0")
