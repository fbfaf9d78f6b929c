"""The template of an import, written from the importer's own column declaration
(`core.columns.Column`): an Excel workbook with the column titles, one example row and a second
sheet explaining each column (title, required or not, format, example, rule), and the same
titles and example as CSV. Every cell is text, so that a NIK stays a NIK in Excel."""

import csv
import io
from collections.abc import Sequence

import xlsxwriter  # type: ignore[import-untyped]
from django.utils.translation import gettext as _

from lindungi.core.columns import Column


def template_xlsx(columns: Sequence[Column], *, title: str) -> bytes:
    """Sheet 1: titles and the example row; sheet 2: what each column holds."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        output,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    bold = workbook.add_format({"bold": True, "valign": "top", "text_wrap": True})
    text = workbook.add_format({"num_format": "@"})
    wrapped = workbook.add_format({"text_wrap": True, "valign": "top"})
    data = workbook.add_worksheet(_("Data"))
    for index, column in enumerate(columns):
        data.set_column(index, index, max(14, len(column.header) + 4), text)
        data.write_string(0, index, column.header, bold)
        data.write_string(1, index, column.example, text)
    data.freeze_panes(1, 0)

    guide = workbook.add_worksheet(_("Instructions"))
    guide.write_string(0, 0, title, bold)
    guide.write_string(
        1,
        0,
        _(
            "Fill in one row per line on the first sheet, under its column titles; delete the "
            "example row. The order of the columns does not matter."
        ),
    )
    headings = [_("Column"), _("Required"), _("Format"), _("Example"), _("Rule")]
    guide.write_row(3, 0, headings, bold)
    for row, column in enumerate(columns, start=4):
        guide.write_row(
            row,
            0,
            [
                column.header,
                _("yes") if column.required else _("no"),
                str(column.fmt),
                column.example,
                str(column.rule),
            ],
            wrapped,
        )
    for index, width in enumerate((22, 8, 40, 22, 50)):
        guide.set_column(index, index, width)
    workbook.close()
    return output.getvalue()


def template_csv(columns: Sequence[Column]) -> bytes:
    """The titles and the example row, UTF-8 with a byte-order mark (which Excel needs to read
    UTF-8 and the importers skip)."""
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\r\n")
    writer.writerow(column.header for column in columns)
    writer.writerow(column.example for column in columns)
    return ("\ufeff" + output.getvalue()).encode("utf-8")
