"""The programs' help topics (web/help.py collects them): proposing and verifying enrolments,
and the exchange with BPJS. Every reader of personal data reaches their pages: the makers
(villages, agencies, civil servants) propose and follow their enrolments and batches, the
regional admin verifies and sends them."""

from django.utils.translation import gettext_lazy as _

from lindungi.web.navigation import reads_personal_data
from lindungi.web.parts import HelpTopic

TOPICS = [
    HelpTopic(
        20,
        "kepesertaan",
        _("Proposing and verifying enrolments"),
        _("Propose workers for a program, verify them, and what each status means."),
        "programs/help/kepesertaan",
        reads_personal_data,
        pages=("web:programs", "web:enrolments", "web:enrolment_verification"),
    ),
    HelpTopic(
        30,
        "kirim-ke-bpjs",
        _("Sending enrolments to BPJS"),
        _("Make a batch, hand over the file and the Berita Acara, upload BPJS's answer."),
        "programs/help/kirim-ke-bpjs",
        reads_personal_data,
        pages=("web:batches", "web:confirmations"),
    ),
]
