"""Inpres 2/2021 coordination of a regency: the instruction's tasks and their history, the
coordination team, cooperation agreements, activities, employers and the referrals of
non-compliant employers to the prosecutor's office. Everything belongs to one regency (`region`).

Split by concept (`documents`, `tasks`, `coordination`, `enforcement`); every model is imported
here, as Django and the rest of the code find them in `lindungi.compliance.models`.
"""

from lindungi.compliance.models.coordination import (
    Activity,
    ActivityKind,
    Agreement,
    AgreementKind,
    TeamMember,
    TeamRole,
)
from lindungi.compliance.models.documents import Document, document_path
from lindungi.compliance.models.enforcement import (
    Employer,
    EmployerStatus,
    Referral,
    ReferralEvent,
    ReferralStep,
)
from lindungi.compliance.models.tasks import Confidence, InpresTask, TaskChange, TaskStatus

__all__ = [
    "Activity",
    "ActivityKind",
    "Agreement",
    "AgreementKind",
    "Confidence",
    "Document",
    "Employer",
    "EmployerStatus",
    "InpresTask",
    "Referral",
    "ReferralEvent",
    "ReferralStep",
    "TaskChange",
    "TaskStatus",
    "TeamMember",
    "TeamRole",
    "document_path",
]
