"""A table wider than a phone scrolls inside its own box, never the page: every table of every
template sits in a `.overflow-auto` (or `.table-wrap`) box (issue 19)."""

import re
from pathlib import Path

import lindungi

SRC = Path(lindungi.__file__).parent


def test_every_table_scrolls_in_its_own_box():
    unboxed = []
    for template in sorted(SRC.glob("*/templates/**/*.html")):
        text = template.read_text()
        for table in re.finditer(r"<table\b", text):
            before = text[: table.start()]
            opened = max(before.rfind('class="overflow-auto"'), before.rfind('class="table-wrap"'))
            if opened == -1 or "</div>" in before[opened:]:
                line = before.count("\n") + 1
                unboxed.append(f"{template.relative_to(SRC)}:{line}")
    assert unboxed == []
