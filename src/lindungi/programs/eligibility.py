"""Whether a worker may join a program, and why not: pure rules over plain values.

Each refusal is a `Reason` with a code, an English template marked for translation and its
parameters, so that pages, the API and the CLI explain it in the reader's language.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any


def gettext_noop(template: str) -> str:
    """Marks a template for translation; the caller translates it when it shows it."""
    return template


@dataclass(frozen=True, slots=True)
class Rules:
    categories: tuple[str, ...]
    min_age: int | None
    max_age: int | None
    must_live_in_sponsor_village: bool
    poverty_rule: str  # "none" | "preferred" | "required"
    region_code: str  # the program's regency: workers must live inside it


@dataclass(frozen=True, slots=True)
class Candidate:
    category: str
    birth_date: date
    village_code: str
    in_p3ke: bool
    in_dtks: bool
    is_duplicate: bool = False
    died_on: date | None = None  # a reported death: never enrolled again


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    template: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, translate: Any = None) -> str:
        template = translate(self.template) if translate else self.template
        return template % self.params if self.params else template


def age_on(birth_date: date, on: date) -> int:
    """Completed years on a date (a 29 February birthday counts from 1 March)."""
    years = on.year - birth_date.year
    if (on.month, on.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def refusals(
    rules: Rules, candidate: Candidate, *, on: date, sponsor_village: str | None
) -> list[Reason]:
    """Every rule the candidate fails on the enrolment's first month; empty when eligible."""
    found = []
    if candidate.died_on is not None:
        found.append(
            Reason(
                "died",
                gettext_noop("died on %(date)s: a deceased worker is not enrolled"),
                {"date": f"{candidate.died_on:%d-%m-%Y}"},
            )
        )
    if candidate.is_duplicate:
        found.append(
            Reason(
                "duplicate",
                gettext_noop("recorded as the same person as another worker"),
            )
        )
    if candidate.category not in rules.categories:
        found.append(
            Reason(
                "category",
                gettext_noop("category %(category)s is not covered (only %(allowed)s)"),
                {"category": candidate.category, "allowed": ", ".join(rules.categories)},
            )
        )
    age = age_on(candidate.birth_date, on)
    if rules.min_age is not None and age < rules.min_age:
        found.append(
            Reason(
                "too_young",
                gettext_noop("%(age)s years old, younger than %(minimum)s"),
                {"age": age, "minimum": rules.min_age},
            )
        )
    if rules.max_age is not None and age > rules.max_age:
        found.append(
            Reason(
                "too_old",
                gettext_noop("%(age)s years old, older than %(maximum)s"),
                {"age": age, "maximum": rules.max_age},
            )
        )
    if not candidate.village_code.startswith(rules.region_code + "."):
        found.append(
            Reason("outside_region", gettext_noop("does not live in the program's region"))
        )
    elif (
        rules.must_live_in_sponsor_village
        and sponsor_village is not None
        and candidate.village_code != sponsor_village
    ):
        found.append(
            Reason("other_village", gettext_noop("does not live in the sponsoring village"))
        )
    if rules.poverty_rule == "required" and not (candidate.in_p3ke or candidate.in_dtks):
        found.append(
            Reason("not_listed", gettext_noop("not listed in P3KE or DTKS, which is required"))
        )
    return found


def priority(rules: Rules, candidate: Candidate) -> int:
    """Lower comes first: listed poor workers first when the program prefers them."""
    if rules.poverty_rule == "preferred" and (candidate.in_p3ke or candidate.in_dtks):
        return 0
    return 1
