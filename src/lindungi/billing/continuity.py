"""Continuity: an enrolment whose sponsored period ends soon (`selectors.expiring_enrolments`)
continues in one step. Continuing writes enrolments, so it is a programs service
(`programs.services.continuity.enrolment_continue`); billing lists what expires and offers it."""

from lindungi.programs.services.continuity import CHOICES, enrolment_continue

__all__ = ["CHOICES", "enrolment_continue"]
