"""When a claim may be made and with what it is computed: pure rules over dates (PP 82/2019 on
JKK and JKM; Permenaker 5/2021). No Django here; the services feed these rules and explain
their answers.

- A work accident (JKK) is reported to BPJS within 2 x 24 hours (Permenaker 5/2021 Pasal 19):
  a later report is flagged, never refused.
- A JKK claim expires 5 years after the accident (PP 82/2019 Pasal 26): refused after that.
- A benefit is due only for an event inside a period the worker's enrolment protected.
- The waiting periods count the months actually paid up to the event's month (Peraturan BPJS
  5/2021: a BPU member with fewer than 3 paid months gets the short-membership JKM amount).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from lindungi.claims.benefits import BenefitType

REPORT_WITHIN = timedelta(hours=2 * 24)
JKK_EXPIRY_YEARS = 5
# The most a claim whose amount Lindungi does not compute (care, disability) is approved for:
# above every benefit of PP 82/2019 for the incomes these programs declare (total permanent
# disability is 56 x the wage: Rp 1,16 M at the highest BPU income, Rp 20,7 jt).
UNCOMPUTED_CEILING = 2_000_000_000


@dataclass(frozen=True, slots=True)
class Period:
    """Days an enrolment protected a worker (both included), with the enrolment's key."""

    key: int
    start: date
    end: date

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


def holding_period(periods: Iterable[Period], on: date) -> Period | None:
    """The period that protected the worker on day `on`, or None.

    >>> periods = [Period(1, date(2026, 1, 1), date(2026, 6, 30))]
    >>> holding_period(periods, date(2026, 6, 30)).key
    1
    >>> holding_period(periods, date(2026, 8, 3)) is None
    True
    """
    return next((period for period in periods if period.covers(on)), None)


def report_deadline(event_date: date, event_time: time | None, tz: tzinfo) -> datetime:
    """The last moment a work accident may be reported on time: 48 hours after it happened.
    When the hour is not known, the accident is taken to have happened at the end of its day
    (the reading that never flags a report that may have been on time).

    >>> from zoneinfo import ZoneInfo
    >>> wib = ZoneInfo("Asia/Jakarta")
    >>> report_deadline(date(2026, 3, 2), time(9, 30), wib).isoformat()
    '2026-03-04T09:30:00+07:00'
    >>> report_deadline(date(2026, 3, 2), None, wib).isoformat(timespec="seconds")
    '2026-03-04T23:59:59+07:00'
    """
    happened = datetime.combine(event_date, event_time or time.max, tzinfo=tz)
    return happened + REPORT_WITHIN


def is_late(deadline: datetime, reported_at: datetime) -> bool:
    """Whether a report came after its deadline (both timezone-aware)."""
    return reported_at > deadline


def jkk_expiry(event_date: date) -> date:
    """The last day a JKK claim may be made: 5 years after the accident (29 February becomes
    28 February).

    >>> jkk_expiry(date(2026, 3, 2))
    datetime.date(2031, 3, 2)
    >>> jkk_expiry(date(2028, 2, 29))
    datetime.date(2033, 2, 28)
    """
    year = event_date.year + JKK_EXPIRY_YEARS
    try:
        return event_date.replace(year=year)
    except ValueError:
        return event_date.replace(year=year, day=28)


def is_expired(event_date: date, on: date) -> bool:
    """Whether a JKK claim made on day `on` comes too late.

    >>> is_expired(date(2026, 3, 2), date(2031, 3, 2))
    False
    >>> is_expired(date(2026, 3, 2), date(2031, 3, 3))
    True
    """
    return on > jkk_expiry(event_date)


def paid_months(months: Iterable[tuple[date, bool]], through: date) -> int:
    """How many months were paid from the start of the membership up to and including the
    month of `through` (a month paid in advance for after the event does not count).

    >>> paid_months([(date(2026, 1, 1), True), (date(2026, 2, 1), False),
    ...              (date(2026, 3, 1), True), (date(2026, 4, 1), True)], date(2026, 3, 15))
    2
    """
    last = through.replace(day=1)
    return sum(1 for month, paid in months if paid and month <= last)


def benefit_type(claim_type: str, jkk_kind: str) -> BenefitType | None:
    """The benefit rule a claim is computed with; None when Lindungi does not compute the
    amount (medical care is given in kind without a ceiling; disability is assessed by BPJS's
    doctors against the table of PP 82/2019).

    >>> benefit_type("JKK", "death"), benefit_type("JKK", "care")
    (<BenefitType.JKK_DEATH: 'JKK_DEATH'>, None)
    """
    if claim_type == "JKM":
        return BenefitType.JKM
    if claim_type == "BEASISWA":
        return BenefitType.BEASISWA
    return {"death": BenefitType.JKK_DEATH, "stmb": BenefitType.STMB}.get(jkk_kind)


# The documents BPJS asks for before it looks at a claim (the minimum Lindungi checks for; BPJS's
# branch may ask for more).
REQUIRED_DOCUMENTS: dict[tuple[str, str], tuple[str, ...]] = {
    ("JKM", ""): ("death_certificate", "ktp", "kk"),
    ("JKK", "death"): ("death_certificate", "ktp", "kk"),
    ("JKK", "care"): ("ktp", "medical_report"),
    ("JKK", "stmb"): ("ktp", "medical_report"),
    ("JKK", "disability"): ("ktp", "medical_report"),
    ("BEASISWA", ""): ("ktp", "kk"),
}


def missing_documents(claim_type: str, jkk_kind: str, present: Sequence[str]) -> list[str]:
    """The kinds of document still missing before a claim can go to BPJS, in the order asked.

    >>> missing_documents("JKM", "", ["ktp", "other"])
    ['death_certificate', 'kk']
    """
    required = REQUIRED_DOCUMENTS.get((claim_type, jkk_kind), ())
    return [kind for kind in required if kind not in present]
