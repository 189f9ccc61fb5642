"""Run the job sweeper once (celery beat runs it every minute): re-send the jobs that never started or whose
worker died."""

from django.core.management.base import BaseCommand

from core.jobs import job_sweep


class Command(BaseCommand):
    help = "Renvoie les tâches de fond jamais commencées ou dont le processus s’est arrêté."

    def handle(self, *args, **options):
        sent = job_sweep()
        self.stdout.write(f"{sent} job(s) sent again.")
