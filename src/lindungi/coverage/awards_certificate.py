"""The certificate (piagam penghargaan) of one winner of a published award list, as a PDF to
print and sign: the regency, the winner's name, the category and place, what it achieved, the
period, and the place and date of publishing (Indonesian long date, core.documents)."""

from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from lindungi.core.documents import latin1, long_date
from lindungi.core.errors import NotFound
from lindungi.core.scopes import Scope
from lindungi.coverage.awards import award_entry_get, category_label, measure, period_label
from lindungi.coverage.models import AwardEntry, AwardStatus

BORDER = 10  # mm from the edge of the page
NAVY = (31, 58, 96)


def _place_and_head(regency: str) -> tuple[str, str]:
    """Where the certificate is signed and by whom: `Sumedang`, `Bupati Sumedang` for a
    Kabupaten; `Sukabumi`, `Wali Kota Sukabumi` for a Kota.

    >>> _place_and_head("Kabupaten Sumedang")
    ('Sumedang', 'Bupati Sumedang')
    >>> _place_and_head("Kota Sukabumi")
    ('Sukabumi', 'Wali Kota Sukabumi')
    """
    for prefix, head in (("Kabupaten ", "Bupati"), ("Kota ", "Wali Kota")):
        if regency.startswith(prefix):
            place = regency.removeprefix(prefix)
            return place, f"{head} {place}"
    return regency, _("Head of %(regency)s") % {"regency": regency}


def certificate_filename(entry: AwardEntry) -> str:
    return f"piagam-{entry.round_id}-{entry.pk}.pdf"


def award_certificate(*, scope: Scope, award_id: int, entry_id: int) -> tuple[AwardEntry, bytes]:
    """The winner's certificate; NotFound for a round not published (or out of scope) and for
    an entry that did not win."""
    entry = award_entry_get(scope=scope, award_id=award_id, entry_id=entry_id)
    if entry.round.status != AwardStatus.PUBLISHED or not entry.is_winner:
        raise NotFound(
            _("Certificates are printed for the winners of a published award list"),
            code="award.no_certificate",
            id=entry_id,
        )
    return entry, certificate_pdf(entry)


def certificate_pdf(entry: AwardEntry) -> bytes:
    award = entry.round
    regency = award.region.name
    place, head = _place_and_head(regency)
    pdf = FPDF(orientation="landscape", unit="mm", format="A4")
    pdf.set_margins(25, 25, 25)
    pdf.set_auto_page_break(auto=False)
    pdf.set_title(latin1(f"{_('Certificate of award')} {entry.name}"))
    pdf.set_creator("Lindungi")
    pdf.add_page()
    pdf.set_draw_color(*NAVY)
    pdf.set_line_width(1.2)
    pdf.rect(BORDER, BORDER, pdf.w - 2 * BORDER, pdf.h - 2 * BORDER)
    pdf.set_line_width(0.3)
    pdf.rect(BORDER + 2.5, BORDER + 2.5, pdf.w - 2 * BORDER - 5, pdf.h - 2 * BORDER - 5)
    pdf.set_text_color(*NAVY)

    def line(text: str, size: float, style: str = "", height: float = 8) -> None:
        pdf.set_font("Helvetica", style, size)
        pdf.multi_cell(0, height, latin1(text), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    pdf.set_y(28)
    line(_("Government of %(regency)s") % {"regency": regency}, 14, "B")
    line(award.title, 11)
    pdf.ln(6)
    line(_("CERTIFICATE OF AWARD"), 26, "B", 12)
    pdf.ln(4)
    line(_("is presented to"), 12)
    pdf.ln(2)
    line(entry.name, 22, "B", 11)
    pdf.ln(3)
    line(
        _("Rank %(rank)s, %(category)s")
        % {"rank": entry.rank, "category": category_label(entry.category)},
        13,
        "B",
    )
    line(measure(entry.category, entry.figures), 12)
    line(
        _("for protecting vulnerable workers with BPJS Ketenagakerjaan in %(period)s")
        % {"period": period_label(award)},
        12,
    )
    published = award.published_at.date() if award.published_at else award.as_of
    pdf.set_y(pdf.h - 70)
    half = (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    pdf.set_x(pdf.l_margin + half)
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(
        half,
        6,
        latin1(
            f"{place}, {long_date(published)}\n{head}"
            "\n\n\n\n(.................................................)"
        ),
        align="C",
    )
    pdf.set_y(pdf.h - 22)
    pdf.set_font("Helvetica", "", 7)
    pdf.cell(
        0,
        4,
        latin1(
            _("Figures as of %(date)s, award list no. %(number)s, made by Lindungi")
            % {"date": long_date(award.as_of), "number": award.pk}
        ),
        align="C",
    )
    return bytes(pdf.output())
