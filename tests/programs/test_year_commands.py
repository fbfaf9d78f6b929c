"""`lindungi programs open-year|participations|confirm` and `lindungi enrolments renew|gaps`."""

import datetime as dt
import json
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from lindungi.programs.models import Enrolment, Participation

DECEMBER = dt.datetime(2026, 12, 7, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


def run(command: str, *args: str) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def test_a_clerk_opens_the_year_confirms_and_renews_from_the_command_line(
    demo_workers, enrol, village_program, cikeruh, gudang, time_machine
):
    enrol(village_program, cikeruh, 3)
    enrol(village_program, gudang, 1)
    time_machine.move_to(DECEMBER, tick=False)
    gaps = run("enrolments", "gaps", "--as", "disnaker")
    assert "Pemerintah Desa Cikeruh: 3 (01/2027: 3)" in gaps and "4 peserta" in gaps
    with pytest.raises(CommandError, match="Only the regional admin"):
        run("programs", "open-year", "2027", "--as", "desa.cikeruh")
    assert "1 program dibuat (0 sudah ada), 2 desa/OPD" in run(
        "programs", "open-year", "2027", "--as", "disnaker"
    )
    assert "0 program dibuat (1 sudah ada), 0 desa/OPD" in run(
        "programs", "open-year", "2027", "--as", "disnaker"
    )
    listed = run("programs", "participations", "--year", "2027", "--as", "desa.cikeruh")
    assert "Pemerintah Desa Cikeruh" in listed and "Gudang" not in listed
    mine = Participation.objects.get(sponsor=cikeruh)
    with pytest.raises(CommandError, match="not confirmed"):
        run(
            "enrolments",
            "renew",
            "--sponsor",
            str(cikeruh.pk),
            "--year",
            "2027",
            "--as",
            "desa.cikeruh",
        )
    run(
        "programs",
        "confirm",
        str(mine.pk),
        "--decision",
        "141/09/Musdes/XII/2026",
        "--date",
        "2026-12-04",
        "--as",
        "desa.cikeruh",
    )
    dry = run(
        "enrolments",
        "renew",
        "--sponsor",
        str(cikeruh.pk),
        "--year",
        "2027",
        "--as",
        "desa.cikeruh",
        "--dry-run",
    )
    assert "3 peserta akan dilanjutkan ke 2027, 0 tidak" in dry
    done = json.loads(
        run(
            "enrolments",
            "renew",
            "--sponsor",
            str(cikeruh.pk),
            "--year",
            "2027",
            "--as",
            "desa.cikeruh",
            "--draft",
            "--json",
        )
    )
    assert done["continued"] == 3 and done["left_out"] == []
    assert set(
        Enrolment.objects.filter(pk__in=done["enrolment_ids"]).values_list("status", flat=True)
    ) == {"draft"}
    with pytest.raises(CommandError, match="not found"):
        run(
            "enrolments",
            "renew",
            "--sponsor",
            str(gudang.pk),
            "--year",
            "2027",
            "--as",
            "desa.cikeruh",
        )
