from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from lindungi.accounts.models import ApiToken
from lindungi.accounts.selectors import token_user
from lindungi.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_create_token_prints_a_working_token(demo):
    out = StringIO()
    call_command("create-token", "bpjs.sumedang", "--name", "rekonsiliasi", stdout=out)
    assert token_user(token=out.getvalue().strip()) == demo["bpjs.sumedang"]


def test_create_token_for_an_unknown_user_fails():
    with pytest.raises(CommandError, match="No active user named 'nobody'"):
        call_command("create-token", "nobody")


def test_create_token_for_a_number_of_days(demo):
    out = StringIO()
    call_command("create-token", "disnaker", "--days", "7", stdout=out)
    stored = ApiToken.objects.get(user=demo["disnaker"])
    assert (stored.expires_at - stored.created_at).days == 7


def test_tokens_list_and_revoke(demo):
    call_command("create-token", "disnaker", "--name", "laporan", stdout=StringIO())
    call_command("create-token", "desa.cikeruh", "--name", "opensid", stdout=StringIO())
    listed = StringIO()
    call_command("tokens", "list", stdout=listed)
    assert "laporan" in listed.getvalue()
    assert "opensid" in listed.getvalue()
    only = StringIO()
    call_command("tokens", "list", "--user", "desa.cikeruh", stdout=only)
    assert "opensid" in only.getvalue()
    assert "laporan" not in only.getvalue()
    token = ApiToken.objects.get(name="opensid")
    call_command("tokens", "revoke", str(token.pk), stdout=StringIO())
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(action="token.revoke", object_id=str(token.pk)).exists()
    after = StringIO()
    call_command("tokens", "list", "--user", "desa.cikeruh", stdout=after)
    assert "revoked" in after.getvalue()
    with pytest.raises(CommandError):
        call_command("tokens", "revoke", "999999")


def test_seed_demo_prints_every_demo_login(db):
    out = StringIO()
    call_command("seed-demo", stdout=out)
    printed = out.getvalue()
    for username in ("disnaker", "opd.dppkbp3a", "desa.cikeruh", "bpjs.sumedang", "asn.rina"):
        assert username in printed
    assert "demo-lindungi" in printed
