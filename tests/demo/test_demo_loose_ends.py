"""The loose ends on the demo: a statement line to resolve (and one resolved), co-funding, a
company's CSR and Baznas as sponsors, BPJS's rejection with its reason on the worker's page,
and a rankings page whose regency row is found."""

from lindungi.accounts.selectors import scope_for_user
from lindungi.billing.models import Bill, BillLine, CostShare, LineOutcome, StatementLine
from lindungi.billing.selectors.payments import statement_lines_unresolved_count
from lindungi.billing.services.statements import statement_line_resolve
from lindungi.demo.programs import BAZNAS_NAME, CSR_NAME, REJECTED_REASON
from lindungi.programs.models import Enrolment, EnrolmentStatus, Sponsor
from tests.conftest import client_for


def test_the_rankings_page_finds_the_regency_row(demo_billed):
    html = client_for(demo_billed["disnaker"]).get("/cakupan/peringkat/").content.decode()
    assert "tidak ditemukan" not in html
    assert 'data-testid="ranking-note"' not in html
    assert "Kab. Sumedang" in html or "SUMEDANG" in html.upper()
    assert ">32.11<" in html  # the regency's own row among the province's regencies


def test_a_statement_line_waits_and_the_disnaker_allocates_it_to_its_bill(demo_billed):
    bpjs = scope_for_user(demo_billed["bpjs.sumedang"])
    assert statement_lines_unresolved_count(scope=bpjs) == 1
    resolved = StatementLine.objects.get(resolved_at__isnull=False)
    assert (resolved.outcome, resolved.reason) == (LineOutcome.NOT_OURS, "unknown_reference")
    short = StatementLine.objects.get(resolved_at__isnull=True)
    assert short.reason == "amount_differs" and short.bill is not None
    admin = demo_billed["disnaker"]
    done = statement_line_resolve(
        actor=admin,
        scope=scope_for_user(admin),
        statement_id=short.statement_id,
        line=short.line,
        outcome=LineOutcome.ALLOCATED,
        reason="Satu pekerja kurang bayar; sisanya menyusul",
        bill_number=short.bill.number,
    )
    assert done.payment.allocated >= short.amount - done.payment.unallocated
    assert statement_lines_unresolved_count(scope=bpjs) == 0
    page = client_for(admin).get(f"/pembayaran/rekening-koran/{short.statement_id}/")
    assert "Satu pekerja kurang bayar" in page.content.decode()


def test_a_company_co_funds_five_workers_and_baznas_is_a_sponsor(demo_billed):
    csr = Sponsor.objects.get(name=CSR_NAME, kind="PERUSAHAAN")
    assert Sponsor.objects.filter(name=BAZNAS_NAME, kind="BAZNAS").exists()
    shares = CostShare.objects.filter(sponsor=csr)
    assert shares.count() == 5 and {s.basis_points for s in shares} == {5_000}
    lines = BillLine.objects.filter(sponsor=csr)
    assert set(lines.filter(amount__gt=0).values_list("amount", flat=True)) == {8_400}
    # A co-funded worker who died: the company's half of each month billed after his death
    # comes back to it as a credit, like the village's half.
    credits = lines.filter(amount__lt=0)
    assert set(credits.values_list("amount", flat=True)) <= {-8_400}
    assert {line.enrolment.status for line in credits} <= {EnrolmentStatus.ENDED}
    assert Bill.objects.filter(sponsor=csr).count() >= 11
    village = shares.first().enrolment.sponsor
    page = client_for(demo_billed["disnaker"]).get(f"/sponsor/{village.pk}/").content.decode()
    assert CSR_NAME in page and 'data-testid="cost-share"' in page


def test_bpjs_rejection_reason_is_on_the_workers_page(demo_billed):
    rejected = Enrolment.objects.get(status=EnrolmentStatus.REJECTED)
    assert rejected.rejected_reason == REJECTED_REASON
    page = client_for(demo_billed["disnaker"]).get(f"/pekerja/{rejected.worker_id}/")
    html = page.content.decode()
    assert "ditolak BPJS — " in html and REJECTED_REASON in html
