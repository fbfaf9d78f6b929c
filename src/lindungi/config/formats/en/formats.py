# The English interface keeps the Indonesian dates ("24 Nov 2026") for shared printouts, with
# English number separators.
from lindungi.config.formats.id.formats import *  # noqa: F403

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
