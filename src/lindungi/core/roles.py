"""The roles of Lindungi's users by name (README: *Demo logins*), and the two actors that are
not roles: a superuser (the whole country, every right) and the system (a command run without a
user). What each role may do is decided by the named predicates of each app's `permissions.py`,
which compare against these names; nothing else compares roles."""

from django.db import models
from django.utils.translation import gettext_lazy as _

SUPERUSER = "superuser"
SYSTEM = "system"


class Role(models.TextChoices):
    ADMIN_PEMDA = "admin_pemda", _("Regional Admin (Disnaker)")
    OPERATOR_OPD = "operator_opd", _("Agency Operator (OPD)")
    OPERATOR_DESA = "operator_desa", _("Village Operator")
    ASN = "asn", _("Civil Servant (ASN)")
    PETUGAS_BPJS = "petugas_bpjs", _("BPJS Officer")
    TIM_KOORDINASI = "tim_koordinasi", _("Coordination Team (read-only)")
    JAKSA = "jaksa", _("Prosecutor's Office (Kejaksaan, Datun; read-only)")


# The role sets several apps name (each app's `permissions.py` decides with them).
# Every officer of a region: everyone but the civil servant, who has their own pages, and the
# prosecutor's office, which reads only its referrals.
OFFICERS = frozenset(
    {
        SUPERUSER,
        Role.ADMIN_PEMDA,
        Role.OPERATOR_OPD,
        Role.OPERATOR_DESA,
        Role.PETUGAS_BPJS,
        Role.TIM_KOORDINASI,
    }
)
# The regency's officers, who see every sponsor's bills, statements and arrears and the
# regency's Inpres 2/2021 records.
REGENCY_OFFICERS = frozenset({SUPERUSER, Role.ADMIN_PEMDA, Role.PETUGAS_BPJS, Role.TIM_KOORDINASI})
