"""The roles (`core.roles.Role`), and what each one's scope is made of."""

from dataclasses import dataclass

from lindungi.core.roles import Role
from lindungi.regions.models import Level


@dataclass(frozen=True)
class RoleRule:
    region_level: Level  # the level of the region a user of this role is attached to
    needs_agency: bool
    can_write: bool
    sees_only_self: bool = False
    # Whether the role's work needs full NIKs and phone numbers (shown on request, recorded).
    may_reveal: bool = True
    # Whether the role reads the audit trail of its region (the regency's data controller).
    may_audit: bool = False
    # Whether the role reads personal data at all (workers, sponsors, enrolments, bills, claims,
    # other users): False for the prosecutor's office, which reads only its referrals.
    reads_personal_data: bool = True


ROLE_RULES: dict[str, RoleRule] = {
    Role.ADMIN_PEMDA: RoleRule(Level.REGENCY, needs_agency=False, can_write=True, may_audit=True),
    Role.OPERATOR_OPD: RoleRule(Level.REGENCY, needs_agency=True, can_write=True),
    Role.OPERATOR_DESA: RoleRule(Level.VILLAGE, needs_agency=False, can_write=True),
    Role.ASN: RoleRule(Level.REGENCY, needs_agency=True, can_write=True, sees_only_self=True),
    Role.PETUGAS_BPJS: RoleRule(Level.REGENCY, needs_agency=False, can_write=True),
    Role.TIM_KOORDINASI: RoleRule(
        Level.REGENCY, needs_agency=False, can_write=False, may_reveal=False
    ),
    # The district prosecutor's office (Kejari, Datun): reads the referrals of non-compliant
    # employers of its regency (Inpres 2/2021; SKK from BPJS), writes nothing.
    Role.JAKSA: RoleRule(
        Level.REGENCY,
        needs_agency=False,
        can_write=False,
        may_reveal=False,
        reads_personal_data=False,
    ),
}
