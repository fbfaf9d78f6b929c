"""The demo's Inpres 2/2021 coordination as a newcomer finds it on 24 November 2026."""

import datetime as dt

from lindungi.accounts.selectors import scope_for_user
from lindungi.compliance.models import Employer, InpresTask, Referral, TeamMember
from lindungi.compliance.selectors import (
    activity_list,
    activity_outcome,
    agreements_expiring,
    referral_events,
)
from lindungi.demo.seed import seed_demo
from tests.conftest import client_for

TODAY = dt.date(2026, 11, 24)


def test_the_demo_coordination_is_alive(demo_billed):
    scope = scope_for_user(demo_billed["disnaker"])
    tasks = InpresTask.objects.filter(region_id="32.11")
    assert tasks.count() == 6
    done = tasks.filter(status="done")
    assert done.count() == 2
    assert all(task.evidence_link.startswith("https://") for task in done)
    assert tasks.filter(status="in_progress").count() == 3
    assert set(TeamMember.objects.values_list("team_role", flat=True)) >= {
        "ketua",
        "sekretaris",
        "anggota",
    }
    expiring = list(agreements_expiring(scope=scope, today=TODAY))
    assert [a.kind for a in expiring] == ["KSO"]
    assert expiring[0].employer is not None

    activities = list(activity_list(scope=scope))
    assert len(activities) == 3
    assert all(a.held_on.year == 2026 for a in activities)
    assert all(activity_outcome(a).enrolments > 0 for a in activities)

    assert Employer.objects.filter(region_id="32.11").count() == 10
    assert len(set(Employer.objects.values_list("status", flat=True))) == 4
    referred = Referral.objects.get(step="referred")
    assert referred.skk_number
    steps = [e.step for e in referral_events(scope=scope, referral_id=referred.pk)]
    assert steps == ["sp1", "sp2", "referred"]

    page = client_for(demo_billed["jaksa.sumedang"]).get("/inpres/rujukan/").content.decode()
    assert referred.employer.name in page
    assert client_for(demo_billed["disnaker"]).get("/inpres/kegiatan/").status_code == 200

    counts = (InpresTask.objects.count(), Employer.objects.count(), Referral.objects.count())
    seed_demo(today=TODAY)  # seeding again changes nothing
    assert (
        InpresTask.objects.count(),
        Employer.objects.count(),
        Referral.objects.count(),
    ) == counts
