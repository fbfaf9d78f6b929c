"""`make run` step 4/5: `lindungi seed-demo` says what the demo holds as each part is done."""

import re
from io import StringIO

from django.core.management import call_command

from lindungi.workers.models import Worker


def test_seeding_shows_each_part_with_its_count(demo_full):
    out = StringIO()
    call_command("seed-demo", stdout=out)
    shown = out.getvalue()
    parts = re.findall(r"^ +([\d.]+) (.+?) \(\d+ dtk\)$", shown, flags=re.MULTILINE)
    assert [what for _, what in parts] == [
        "akun demo",
        "pekerja",
        "kepesertaan",
        "tagihan",
        "klaim",
        "bulan angka cakupan",
        "tugas Inpres",
    ]
    workers = {what: held for held, what in parts}["pekerja"]
    assert workers == f"{Worker.objects.count():,}".replace(",", ".")  # 3.000, not 3000
    assert "Data demo siap dalam" in shown and "Demo logins" in shown


def test_a_quiet_seeding_prints_only_the_logins(demo_full):
    out = StringIO()
    call_command("seed-demo", verbosity=0, stdout=out)
    assert "pekerja" not in out.getvalue() and "Demo logins" in out.getvalue()
