"""Who pays (sponsors), for which scheme (programs), for whom and which months (enrolments).

Months are stored as the first day of the month. An enrolment holds its months from the moment
it is drafted until BPJS rejects it; the database refuses a second enrolment of the same worker
whose months overlap a held one (every program covers JKK and JKM, so an overlap would fund the
same benefit twice). The constraint is an exclusion constraint on PostgreSQL and a trigger on
SQLite (migration 0002); the services check first and name the sponsor that already pays.
"""

from lindungi.programs.models.enrolments import (
    RELEASED,
    EndingsFile,
    EndReason,
    Enrolment,
    EnrolmentStatus,
    SubmissionBatch,
)
from lindungi.programs.models.programs import PovertyRule, Program, QuotaRule
from lindungi.programs.models.sponsors import (
    AsnConsent,
    FundingSource,
    GroupCode,
    Sponsor,
    SponsorKind,
)
from lindungi.programs.models.years import Participation, ParticipationStatus

__all__ = [
    "RELEASED",
    "AsnConsent",
    "EndReason",
    "EndingsFile",
    "Enrolment",
    "EnrolmentStatus",
    "FundingSource",
    "GroupCode",
    "Participation",
    "ParticipationStatus",
    "PovertyRule",
    "Program",
    "QuotaRule",
    "Sponsor",
    "SponsorKind",
    "SubmissionBatch",
]
