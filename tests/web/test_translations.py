"""The Indonesian catalogue is complete and its compiled .mo matches the .po."""

import gettext
import re
from pathlib import Path

import lindungi

CATALOGUE = Path(lindungi.__file__).parent / "locale" / "id" / "LC_MESSAGES"
ENTRY = re.compile(r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n)+)', re.MULTILINE)


def _text(block: str) -> str:
    joined = "".join(re.findall(r'^"(.*)"$', block, re.MULTILINE))
    return joined.encode().decode("unicode_escape").encode("latin-1").decode("utf-8")


def po_entries() -> dict[str, str]:
    text = (CATALOGUE / "django.po").read_text(encoding="utf-8")
    return {_text(msgid): _text(msgstr) for msgid, msgstr in ENTRY.findall(text) if _text(msgid)}


def test_every_message_has_an_indonesian_translation():
    untranslated = [msgid for msgid, msgstr in po_entries().items() if not msgstr]
    assert untranslated == []


def test_the_compiled_catalogue_matches_the_source():
    with (CATALOGUE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [msgid for msgid, msgstr in po_entries().items() if compiled.gettext(msgid) != msgstr]
    assert stale == [], "run `make messages` to recompile django.mo"


def test_no_indonesian_translation_is_marked_fuzzy():
    """gettext leaves a fuzzy entry out of the compiled catalogue: the page would show English."""
    text = (CATALOGUE / "django.po").read_text(encoding="utf-8")
    fuzzy = [block.split("\n", 2)[1] for block in text.split("\n\n") if "#, fuzzy" in block]
    assert fuzzy == []
