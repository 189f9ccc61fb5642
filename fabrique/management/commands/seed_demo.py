"""Seeds the demonstration data; refuses to run in production unless forced."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from fabrique.demo import DEMO_PASSWORD, demo_seed
from territories.demo import PILOT_NAMES
from territories.models import EngagedTerritory


class Command(BaseCommand):
    help = (
        "Crée les données de démonstration (organisations, un compte par rôle, les cinq territoires pilotes), "
        "sans doublon. Lancez load_territories avant."
    )

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
        territories = EngagedTerritory.objects.filter(name__in=PILOT_NAMES).select_related("referent_actor")
        self.stdout.write("Territoires pilotes de démonstration :")
        for territory in territories.order_by("name"):
            communes = f"{territory.commune_count} commune{'s' if territory.commune_count > 1 else ''}"
            population = f"{territory.population:,}".replace(",", " ")
            self.stdout.write(
                f"  {territory.name:20} {communes:>12}, {population:>9} habitants"
                f" · référent : {territory.referent_actor}"
            )
