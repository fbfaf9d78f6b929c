"""What programs adds to the worker list: each worker's protection status, and the filter by it
(the rule: `programs.protection`)."""

from django.utils.translation import gettext_lazy as _

from lindungi.programs.protection import Protection, protection_q, protection_value
from lindungi.web.parts import Column

COLUMNS = (
    Column(
        key="protection",
        label=_("Protection"),
        value=protection_value,
        where=protection_q,
        choices=tuple(Protection.choices),
        everything=_("All protection statuses"),
    ),
)
