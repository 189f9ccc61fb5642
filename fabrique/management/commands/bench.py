"""Measures every page beside the Django admin page of the same model and prints one JSON object."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from fabrique.bench import PAGES, BenchSetupError, bench_run


class Command(BaseCommand):
    help = (
        "Mesure chaque page de liste et un échantillon de pages de détail, par rôle, à côté de la page de "
        "l'administration Django du même modèle, ainsi que les exports ; affiche un objet JSON. "
        "Lancez « python manage.py seed_scale » avant."
    )

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=10, help="Mesures par page, après une de chauffe (défaut : 10)")
        parser.add_argument("--sans-exports", dest="exports", action="store_false", help="Ne pas mesurer les exports")
        parser.add_argument(
            "--pages",
            default="",
            help="Noms de pages séparés par des virgules (défaut : toutes) : " + ", ".join(page.name for page in PAGES),
        )

    def handle(self, *args, runs=10, exports=True, pages="", **options):
        if runs < 1:
            raise CommandError("--runs doit valoir au moins 1.")
        wanted = {name.strip() for name in pages.split(",") if name.strip()}
        unknown = wanted - {page.name for page in PAGES}
        if unknown:
            raise CommandError(f"Pages inconnues : {', '.join(sorted(unknown))}.")
        progress = None
        if options["verbosity"] > 1:
            # On stderr: stdout carries the JSON object alone.
            def progress(text):
                sys.stderr.write(f"mesure : {text}\n")

        try:
            result = bench_run(runs=runs, exports=exports, pages=wanted or None, progress=progress)
        except BenchSetupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
