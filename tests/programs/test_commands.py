"""`lindungi programs`: schemes, start, list and show from the command line."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from lindungi.programs.models import Program


def run(*args: str) -> str:
    out = StringIO()
    call_command("programs", *args, stdout=out)
    return out.getvalue()


def test_an_admin_starts_a_program_from_a_scheme_and_a_village_operator_sees_it(demo):
    assert "1 Desa Melindungi 100 Pekerja Rentan YYYY" in run("schemes")
    started = run("start", "desa_100", "--year", "2027", "--region", "32.11", "--as", "disnaker")
    program = Program.objects.get()
    assert f"Started program {program.pk}" in started
    assert program.quota_per_sponsor == 100
    assert "1 Desa Melindungi 100 Pekerja Rentan 2027" in run("list", "--as", "desa.cikeruh")
    assert "Rp 1.000.000" in run("show", str(program.pk), "--as", "desa.cikeruh")


def test_only_the_regional_admin_starts_programs(demo):
    with pytest.raises(CommandError, match="Only the regional admin"):
        run("start", "asn_peduli", "--year", "2027", "--region", "32.11", "--as", "desa.cikeruh")


def test_another_regency_does_not_see_the_program(demo, bandung):
    run("start", "desa_100", "--year", "2027", "--region", "32.11", "--as", "disnaker")
    assert run("list", "--as", "disnaker.bandung") == ""
    with pytest.raises(CommandError, match="not found"):
        run("show", str(Program.objects.get().pk), "--as", "disnaker.bandung")
