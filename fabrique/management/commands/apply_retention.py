"""Anonymise now the personal data past its retention period, as the nightly schedule does; --dry-run lists it."""

from django.core.management.base import BaseCommand

from fabrique.personal_data.retention import retention_apply


class Command(BaseCommand):
    help = "Anonymise the personal data past its retention period (what the nightly schedule does)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List what would be anonymised, change nothing.")

    def handle(self, *args, dry_run=False, **options):
        items = retention_apply(dry_run=dry_run)
        verb = "à anonymiser (essai, rien n’est changé)" if dry_run else "anonymisé"
        for item in items:
            self.stdout.write(f"{verb} : {item.label} — {item.record} ({item.source}:{item.pk})")
        self.stdout.write(f"{len(items)} enregistrement(s) {verb}.")
