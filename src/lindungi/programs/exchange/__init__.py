"""The exchange with BPJS Ketenagakerjaan for a submission batch (docs/bpjs-exchange.md):

- `registration.registration_xlsx`: the collective-registration workbook BPJS keys in (full
  NIKs: only the roles that handle batches, with a stated purpose, recorded);
- `handover.handover_pdf`: the Berita Acara Serah Terima Data to sign (counts only);
- `confirmations.confirmations_import`: BPJS's answer, which activates enrolments with their KPJ
  or marks them rejected, set-wise.

The file and the statement are BPJS's and the regency's documents: their words are Indonesian
whatever the reader's language, so they are written here as constants, not translated.
"""

from django.utils.translation import gettext as _

from lindungi.core.errors import NotFound
from lindungi.core.scopes import Scope
from lindungi.programs.models import FundingSource, Program, SponsorKind, SubmissionBatch
from lindungi.programs.selectors import batch_list, program_benefits

KIND_WORDS = {
    SponsorKind.DESA: "Desa",
    SponsorKind.OPD: "Perangkat Daerah (OPD)",
    SponsorKind.ASN: "ASN",
    SponsorKind.PERUSAHAAN: "Perusahaan (CSR)",
    SponsorKind.BAZNAS: "Baznas",
    SponsorKind.DONATUR: "Donatur",
    SponsorKind.MANDIRI: "Mandiri",
}
FUNDING_WORDS = {
    FundingSource.APBD: "APBD",
    FundingSource.DANA_DESA: "Dana Desa",
    FundingSource.ADD: "Alokasi Dana Desa (ADD)",
    FundingSource.PADES: "Pendapatan Asli Desa (PADes)",
    FundingSource.TPP: "TPP ASN",
    FundingSource.CSR: "CSR Perusahaan",
    FundingSource.ZAKAT: "Zakat",
    FundingSource.DONATION: "Donasi",
    FundingSource.SELF: "Mandiri",
}


def coverage(program: Program) -> str:
    """The BPJS programs an enrolment pays for: `"JKK, JKM"` (and JHT when included)."""
    return ", ".join(program_benefits(program))


def regency_words(name: str) -> tuple[str, str]:
    """`"Kabupaten Sumedang"` -> (`"Pemerintah Kabupaten Sumedang"`, `"Sumedang"`)."""
    short = name
    for prefix in ("Kabupaten ", "Kota ", "Kab. "):
        if name.startswith(prefix):
            short = name[len(prefix) :]
    return f"Pemerintah {name}", short


def batch_by_number(*, scope: Scope, number: str) -> SubmissionBatch:
    """A batch the reader sees, by its number (as printed on the handover statement)."""
    batch = batch_list(scope=scope).select_related("region").filter(number=number.strip()).first()
    if batch is None:
        raise NotFound(_("Submission batch not found"), number=number)
    return batch
