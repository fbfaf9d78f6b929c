import datetime as dt

import pytest

from lindungi.accounts.models import ApiToken
from lindungi.accounts.selectors import scope_for_user, token_list, token_user
from lindungi.accounts.services import agency_create, token_create, token_revoke
from lindungi.core.errors import Conflict, InvalidState, NotFound, ValidationFailed
from lindungi.core.models import AuditEvent
from lindungi.core.roles import Role
from lindungi.regions.selectors import region_get

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "region_code", "message"),
    [
        (Role.OPERATOR_DESA, "32.11", "ditempatkan pada tingkat Desa/Kelurahan"),
        (Role.ADMIN_PEMDA, "32.11.15.2001", "tingkat Kabupaten/Kota, bukan pada"),
        (Role.OPERATOR_OPD, "32.11", "harus memiliki perangkat daerah"),
        ("juragan", "32.11", "tidak dikenal"),
    ],
)
def test_a_user_must_fit_their_role(make_user, role, region_code, message):
    with pytest.raises(ValidationFailed, match=message):
        make_user("someone", role, region_code)


def test_an_agency_of_another_regency_is_refused(make_user, bandung):
    with pytest.raises(ValidationFailed, match="tidak berada di Kabupaten Sumedang"):
        make_user("opd.x", Role.OPERATOR_OPD, "32.11", agency=bandung["agency"])


def test_usernames_are_unique_whatever_their_case(make_user):
    make_user("desa.cikeruh", Role.OPERATOR_DESA, "32.11.15.2001")
    with pytest.raises(Conflict, match="sudah dipakai"):
        make_user("Desa.Cikeruh", Role.OPERATOR_DESA, "32.11.15.2001")


def test_an_agency_belongs_to_a_regency_and_its_code_is_unique_there():
    sumedang = region_get(code="32.11")
    agency_create(actor=None, region=sumedang, code="dinkes", name="Dinas Kesehatan")
    with pytest.raises(Conflict):
        agency_create(actor=None, region=sumedang, code="dinkes", name="Dinas Kesehatan")
    with pytest.raises(ValidationFailed):
        agency_create(actor=None, region=region_get(code="32"), code="x", name="X")


def test_every_role_gets_the_scope_of_spec(demo):
    village = scope_for_user(demo["desa.cikeruh"])
    assert village.region_codes == ("32.11.15.2001",)
    assert village.can_write
    opd = scope_for_user(demo["opd.dppkbp3a"])
    assert (opd.region_codes, opd.agency_id) == (("32.11",), demo["opd.dppkbp3a"].agency_id)
    assert not scope_for_user(demo["tim.koordinasi"]).can_write
    assert scope_for_user(demo["admin"]).is_nationwide


def test_an_inactive_user_has_no_scope(demo):
    user = demo["disnaker"]
    user.is_active = False
    assert scope_for_user(user).region_codes == ()


def test_a_token_is_stored_only_as_a_digest_and_finds_its_user(demo):
    token = token_create(actor=None, user=demo["bpjs.sumedang"], name="sync")
    stored = ApiToken.objects.get(user=demo["bpjs.sumedang"])
    assert token.startswith("lnd_")
    assert token not in (stored.digest, stored.prefix)
    assert token_user(token=token) == demo["bpjs.sumedang"]
    assert token_user(token=token + "x") is None
    assert AuditEvent.objects.filter(action="token.create").count() == 1


def test_a_revoked_token_no_longer_works(demo):
    token = token_create(actor=None, user=demo["disnaker"])
    ApiToken.objects.update(revoked_at="2026-11-24T00:00:00Z")
    assert token_user(token=token) is None


def test_a_token_expires_after_90_days_unless_told_otherwise(demo, time_machine):
    time_machine.move_to(dt.datetime(2026, 1, 1, 8, 0, tzinfo=dt.UTC), tick=False)
    default = token_create(actor=None, user=demo["disnaker"])
    week = token_create(actor=None, user=demo["disnaker"], days=7)
    time_machine.move_to(dt.datetime(2026, 1, 8, 9, 0, tzinfo=dt.UTC), tick=False)
    assert token_user(token=week) is None
    assert token_user(token=default) == demo["disnaker"]
    time_machine.move_to(dt.datetime(2026, 4, 1, 9, 0, tzinfo=dt.UTC), tick=False)
    assert token_user(token=default) is None
    with pytest.raises(ValidationFailed):
        token_create(actor=None, user=demo["disnaker"], days=0)
    with pytest.raises(ValidationFailed):
        token_create(actor=None, user=demo["disnaker"], days=400)


def _token_of(user, name="script"):
    token_create(actor=None, user=user, name=name)
    return ApiToken.objects.filter(user=user).latest("pk")


def test_a_user_revokes_their_own_token_and_the_admin_those_of_their_regency(demo, bandung):
    village, admin = demo["desa.cikeruh"], demo["disnaker"]
    own, admins = _token_of(village), _token_of(admin)
    village_scope = scope_for_user(village)
    assert list(token_list(scope=village_scope)) == [own]
    with pytest.raises(NotFound):
        token_revoke(actor=village, scope=village_scope, token_id=admins.pk)
    with pytest.raises(NotFound):  # another regency's admin: as if it did not exist
        token_revoke(
            actor=bandung["admin"], scope=scope_for_user(bandung["admin"]), token_id=own.pk
        )
    with pytest.raises(NotFound):  # other officers of the regency see no one else's tokens
        bpjs = demo["bpjs.sumedang"]
        token_revoke(actor=bpjs, scope=scope_for_user(bpjs), token_id=own.pk)
    assert set(token_list(scope=scope_for_user(admin))) == {own, admins}
    token_revoke(actor=admin, scope=scope_for_user(admin), token_id=own.pk)
    token_revoke(actor=admin, scope=scope_for_user(admin), token_id=admins.pk)
    with pytest.raises(InvalidState):
        token_revoke(actor=admin, scope=scope_for_user(admin), token_id=own.pk)
    events = AuditEvent.objects.filter(action="token.revoke").order_by("pk")
    assert [(e.actor, e.object_id) for e in events] == [
        (admin, str(own.pk)),
        (admin, str(admins.pk)),
    ]
    assert events[0].details["user"] == village.pk


def test_seeding_the_demo_twice_creates_nothing_new(demo):
    from lindungi.demo.seed import seed_demo

    before = AuditEvent.objects.count()
    again = {user.username for _, user in seed_demo(with_workers=False)}
    assert again == set(demo) - {"admin"}
    assert AuditEvent.objects.count() == before
