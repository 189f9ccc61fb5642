"""Writes locale/fr/LC_MESSAGES/django.po: every plural string of the project, in French's own plural rule.

The interface is written in French, so its strings need no translation; but without a French catalogue
gettext falls back to the English rule (plural unless exactly 1) and writes « 0 invitations en attente ».
French takes the singular for 0 and 1: this catalogue holds each plural string translated by itself under
`plural=(n > 1)`. Run it after adding or changing a plural string (`make messages`); it needs GNU gettext
(xgettext), which `make run` and `make test` do not, since they compile the committed catalogue.
"""

import os
import shutil
import tempfile
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

FRENCH_PLURAL_FORMS = "nplurals=2; plural=(n > 1);"
# The folders whose strings the platform shows (tests, migrations and installed packages apart).
SOURCES = ("core", "territories", "projects", "governance", "fabrique", "templates")


def source_plurals(base: Path) -> polib.POFile:
    """The catalogue makemessages reads from the project's sources (a copy, so nothing of the tree changes:
    makemessages writes into the first `locale` folder above the files it reads)."""
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        for name in SOURCES:
            if (base / name).is_dir():
                shutil.copytree(base / name, work / name, ignore=shutil.ignore_patterns("migrations", "__pycache__"))
        (work / "locale").mkdir()
        previous = Path.cwd()
        os.chdir(work)
        try:
            call_command("makemessages", locale=["fr"], no_location=True, verbosity=0)
        finally:
            os.chdir(previous)
        return polib.pofile(str(work / "locale" / "fr" / "LC_MESSAGES" / "django.po"))


def french_catalogue(pot: polib.POFile) -> polib.POFile:
    """The plural entries of `pot`, each translated by itself, under French's plural rule."""
    catalogue = polib.POFile(wrapwidth=120)
    catalogue.metadata = {
        "Project-Id-Version": "Fabrique",
        "Language": "fr",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": FRENCH_PLURAL_FORMS,
    }
    for entry in sorted(pot, key=lambda entry: (entry.msgctxt or "", entry.msgid)):
        if not entry.msgid_plural:
            continue
        catalogue.append(
            polib.POEntry(
                msgctxt=entry.msgctxt,
                msgid=entry.msgid,
                msgid_plural=entry.msgid_plural,
                msgstr_plural={0: entry.msgid, 1: entry.msgid_plural},
                flags=[flag for flag in entry.flags if flag == "python-format"],
            )
        )
    return catalogue


class Command(BaseCommand):
    help = "Écrit le catalogue français des chaînes au pluriel (règle française : singulier pour 0 et 1)."

    def handle(self, *args, **options):
        if shutil.which("xgettext") is None:
            raise CommandError("GNU gettext (xgettext) est nécessaire : apt-get install gettext.")
        base = Path(settings.BASE_DIR)
        target = base / "locale" / "fr" / "LC_MESSAGES" / "django.po"
        pot = source_plurals(base)
        target.parent.mkdir(parents=True, exist_ok=True)
        catalogue = french_catalogue(pot)
        catalogue.save(str(target))
        self.stdout.write(f"{len(catalogue)} chaînes au pluriel écrites dans {target.relative_to(base)}.")
