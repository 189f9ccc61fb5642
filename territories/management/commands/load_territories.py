"""Loads the official geography from the npm package @etalab/decoupage-administratif."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from territories.geography import PICARDIE_DEPARTEMENTS, GeographySourceError, geography_load


class Command(BaseCommand):
    help = "Charge les régions, départements, EPCI et communes officiels (par défaut : l'ex-Picardie)."

    def add_arguments(self, parser):
        scope = parser.add_mutually_exclusive_group()
        scope.add_argument("--departements", help="Codes de départements séparés par des virgules, ex. 59,62")
        scope.add_argument("--all", action="store_true", help="Toute la France")
        parser.add_argument("--data-dir", default=None, help="Dossier des fichiers JSON (par défaut celui de npm)")

    def handle(self, *args, **options):
        if options["all"]:
            departements = None
        elif options["departements"]:
            departements = [
                code.strip().upper().zfill(2) for code in options["departements"].split(",") if code.strip()
            ]
        else:
            departements = PICARDIE_DEPARTEMENTS
        try:
            report = geography_load(
                data_dir=options["data_dir"] or settings.TERRITORY_DATA_DIR, departements=departements
            )
        except GeographySourceError as error:
            raise CommandError(str(error)) from error
        for label in report.created:
            self.stdout.write(f"{label}: {report.created[label]} créé(s), {report.updated[label]} modifié(s)")
        self.stdout.write(self.style.SUCCESS(f"Territoires chargés en {report.seconds:.1f} s."))
