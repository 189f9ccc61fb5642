"""Seeds the demonstration data; refuses to run in production unless forced."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from fabrique.demo import DEMO_PASSWORD, demo_seed


class Command(BaseCommand):
    help = "Crée les données de démonstration (organisations et un compte par rôle), sans doublon."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Lancer même quand DEBUG est désactivé")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusé : DEBUG est désactivé (production ?). Ajoutez --force pour créer quand même "
                "les données de démonstration."
            )
        users = demo_seed()
        self.stdout.write(self.style.SUCCESS("Données de démonstration prêtes. Comptes :"))
        for user in users:
            self.stdout.write(f"  {user.get_role_display():40} {user.email}  /  {DEMO_PASSWORD}")
