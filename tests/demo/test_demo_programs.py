"""What `make run` shows a newcomer about programs: a living demo, not empty pages."""

from lindungi.accounts.selectors import scope_for_user
from lindungi.programs.models import Enrolment, EnrolmentStatus, Program, Sponsor
from lindungi.programs.selectors import quota_fill, sponsor_list


def test_the_demo_runs_the_three_schemes(demo_full):
    assert set(Program.objects.values_list("template", flat=True)) == {
        "desa_100",
        "asn_peduli",
        "mitra_instansi",
    }
    village = Program.objects.get(template="desa_100")
    cikeruh = Sponsor.objects.get(region_id="32.11.15.2001")
    fill = quota_fill(program=village, sponsor=cikeruh)
    assert (fill.held, fill.quota) == (63, 100)
    # Two of them died (the demo's JKM claims): their protection ended after that month.
    assert fill.by_status[EnrolmentStatus.ACTIVE] == 61
    assert fill.by_status[EnrolmentStatus.ENDED] == 2
    gudang = Sponsor.objects.get(region_id="32.11.11.2001")
    assert quota_fill(program=village, sponsor=gudang).by_status[EnrolmentStatus.SUBMITTED] == 100
    assert not Sponsor.objects.filter(region_id="32.11.17.2005").exists()
    active = Enrolment.objects.filter(status=EnrolmentStatus.ACTIVE)
    assert active.count() > 400
    assert not active.filter(kpj="").exists()
    assert Enrolment.objects.filter(program__template="mitra_instansi", status="active").count() > 0


def test_demo_civil_servants_see_their_deduction(demo_full):
    rina = scope_for_user(demo_full["asn.rina"])
    (sponsor,) = sponsor_list(scope=rina)
    from datetime import date

    from lindungi.billing.selectors.tpp import tpp_deduction

    # As her agency's TPP list shows it: November's bill line for her worker.
    assert tpp_deduction(scope=rina, sponsor=sponsor, month=date(2026, 11, 1)) == 16_800
    hendra_scope = scope_for_user(demo_full["asn.hendra"])
    hendra = sponsor_list(scope=hendra_scope).get()
    assert tpp_deduction(scope=hendra_scope, sponsor=hendra, month=date(2026, 11, 1)) == 0
    assert Enrolment.objects.get(sponsor=hendra).status == EnrolmentStatus.ENDED


def test_the_sponsor_page_of_a_civil_servant_shows_the_tpp_lists_deduction(demo_full):
    """The admin reads a civil servant's deduction on her sponsor page as the agency's TPP list
    has it (bill lines of the month), not as her consents promise it."""
    from django.utils import timezone

    from lindungi.billing.selectors.tpp import tpp_deduction
    from lindungi.web.templatetags.lindungi import rupiah
    from tests.conftest import client_for

    admin = demo_full["disnaker"]
    sponsor = sponsor_list(scope=scope_for_user(demo_full["asn.rina"])).get()
    month = timezone.localdate().replace(day=1)
    amount = tpp_deduction(scope=scope_for_user(admin), sponsor=sponsor, month=month)
    page = client_for(admin).get(f"/sponsor/{sponsor.pk}/").content.decode()
    assert f'<h3 data-testid="deduction">{rupiah(amount)}</h3>' in page
