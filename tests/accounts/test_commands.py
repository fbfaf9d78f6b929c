from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from lindungi.accounts.selectors import token_user

pytestmark = pytest.mark.django_db


def test_create_token_prints_a_working_token(demo):
    out = StringIO()
    call_command("create-token", "bpjs.sumedang", "--name", "rekonsiliasi", stdout=out)
    assert token_user(token=out.getvalue().strip()) == demo["bpjs.sumedang"]


def test_create_token_for_an_unknown_user_fails():
    with pytest.raises(CommandError, match="No active user named 'nobody'"):
        call_command("create-token", "nobody")


def test_seed_demo_prints_every_demo_login(db):
    out = StringIO()
    call_command("seed-demo", stdout=out)
    printed = out.getvalue()
    for username in ("disnaker", "opd.dppkbp3a", "desa.cikeruh", "bpjs.sumedang", "asn.rina"):
        assert username in printed
    assert "demo-lindungi" in printed
