"""French takes the singular for 0 and 1 (« 0 invitation en attente »): the French catalogue holds every
plural string of the sources under French's plural rule."""

import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import ngettext

from fabrique.management.commands.french_plurals import source_plurals

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize(("count", "expected"), [(0, "0 invitation"), (1, "1 invitation"), (2, "2 invitations")])
def test_zero_and_one_take_the_singular(count, expected):
    with translation.override("fr"):
        said = ngettext("%(counter)s invitation en attente.", "%(counter)s invitations en attente.", count)
    assert said % {"counter": count} == f"{expected} en attente."


def test_the_home_says_0_invitation_in_the_singular(client, db, referent):
    client.force_login(referent)
    page = client.get("/").content.decode()
    assert "0 invitation en attente." in page


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is needed to read the sources")
def test_the_catalogue_holds_every_plural_of_the_sources():
    sources = {(e.msgctxt, e.msgid) for e in source_plurals(Path(settings.BASE_DIR)) if e.msgid_plural}
    committed = {(e.msgctxt, e.msgid) for e in polib.pofile(str(CATALOGUE))}
    assert sources - committed == set(), "run `make messages` and commit locale/fr/LC_MESSAGES/django.po"


def test_one_singular_has_one_plural():
    """gettext keys a plural string by its singular: two templates with the same singular and different plurals
    would print one template's plural in the other."""
    import re

    plurals = {}
    pattern = re.compile(
        r"{% blocktrans(?:late)? count [^%]*%}(.*?){% plural %}(.*?){% endblocktrans(?:late)? %}", re.S
    )
    for path in (Path(settings.BASE_DIR) / "templates").rglob("*.html"):
        for singular, plural in pattern.findall(path.read_text()):
            plurals.setdefault(singular.strip(), set()).add(plural.strip())
    clashes = {singular: found for singular, found in plurals.items() if len(found) > 1}
    assert clashes == {}, "give each of these a singular of its own"
