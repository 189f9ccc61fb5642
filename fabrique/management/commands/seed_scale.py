"""Fills the database at national scale for the benchmark; refuses to run in production unless forced."""

import time
from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from core import aggregates
from fabrique.scale import BENCH_EMAILS, scale_accounts_seed

# Each app's scale module, in dependency order; each has `scale_seed(*, scale, load_geography)`, and may have
# `after_accounts_seed(*, scale)` for the rows that belong to the accounts (run after them).
SCALE_MODULES = ["territories.scale", "projects.scale", "governance.scale"]


def scale_value(text):
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        value = 0
    if not 0 < value <= 10:
        raise CommandError(f"Échelle invalide : « {text} ». Donnez un nombre entre 0 (exclu) et 10, par exemple 0.1.")
    return value


class Command(BaseCommand):
    help = (
        "Remplit la base à l'échelle nationale (toute la géographie de la France, 300 territoires, 5 000 acteurs, "
        "20 000 besoins, 20 000 projets…) pour « manage.py bench ». Une base déjà remplie est laissée telle quelle."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Lancer même quand DEBUG est désactivé")
        parser.add_argument(
            "--scale", default="1", help="Part de l'échelle nationale, par exemple 0.1 pour un dixième (défaut : 1)"
        )
        parser.add_argument(
            "--sans-geographie",
            dest="load_geography",
            action="store_false",
            help="Ne pas charger la géographie de toute la France : utiliser celle déjà chargée",
        )

    def handle(self, *args, force=False, scale="1", load_geography=True, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusé : DEBUG est désactivé (production ?). Ajoutez --force pour remplir quand même "
                "la base avec les données de mesure à l'échelle nationale."
            )
        scale = scale_value(str(scale))
        started = time.monotonic()
        for name in SCALE_MODULES:
            report = import_module(name).scale_seed(scale=scale, load_geography=load_geography)
            if report.seconds_geography:
                self.stdout.write(f"{name} : géographie officielle chargée en {report.seconds_geography:.1f} s.")
            if report.already_seeded:
                self.stdout.write(f"{name} : données à l'échelle déjà présentes, rien de créé.")
            for label, count in report.created.items():
                self.stdout.write(f"  {label:45} {count:>8}")
        accounts = scale_accounts_seed(scale=scale)
        for name in SCALE_MODULES:
            module = import_module(name)
            if hasattr(module, "after_accounts_seed"):
                accounts |= module.after_accounts_seed(scale=scale)
        for label, count in accounts.items():
            self.stdout.write(f"  {label:45} {count:>8}")
        # bulk_create sends no signal: the cached counts would not know of the new rows.
        aggregates.forget_all()
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # What autovacuum gives a database in use: fresh statistics (the planner would otherwise plan for
            # empty tables) and the visibility map (which lets counts read an index alone). VACUUM cannot run
            # in a transaction, as when a test calls the command.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(f"Base prête à l'échelle {scale:g}, en {time.monotonic() - started:.1f} s.")
        )
        self.stdout.write("Comptes (mot de passe de démonstration) : " + ", ".join(BENCH_EMAILS.values()))
