"""The error report an operator opens in Excel: one row per broken rule."""

from pathlib import Path

import polars as pl
import xlsxwriter  # type: ignore[import-untyped]
from django.utils.translation import gettext as _

from lindungi.core.documents import COUNT_FORMAT


def write_error_report(problems: pl.DataFrame, path: Path, *, source: str) -> None:
    """Cells are written as text, never as formulas, whatever the file contained."""
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    bold = workbook.add_format({"bold": True})
    line_number = workbook.add_format({"num_format": COUNT_FORMAT, "align": "left"})
    sheet = workbook.add_worksheet(_("Errors")[:31])
    headers = [_("Line"), _("Column"), _("Value"), _("Severity"), _("Message")]
    sheet.write_row(0, 0, headers, bold)
    for index, row in enumerate(
        problems.select("line", "field_label", "value", "severity_label", "message").iter_rows(),
        start=1,
    ):
        line, field, value, severity, message = row
        sheet.write_number(index, 0, line, line_number)
        for column, text in enumerate((field, value, severity, message), start=1):
            sheet.write_string(index, column, str(text or ""))
    sheet.set_column(0, 0, 8)
    sheet.set_column(1, 1, 18)
    sheet.set_column(2, 2, 24)
    sheet.set_column(3, 3, 10)
    sheet.set_column(4, 4, 70)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(problems.height, 1), len(headers) - 1)
    about = workbook.add_worksheet(_("About")[:31])
    about.write_string(0, 0, _("Import error report for %(file)s") % {"file": source})
    workbook.close()
