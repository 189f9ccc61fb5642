"""Report an address whose email came back undelivered after the mail server had accepted it (a bounce): the mail
system's bounce processing calls this command, and the address is then recorded on the user and shown to
coordinators on the « Envois » page, like an address refused at once."""

from django.core.management.base import BaseCommand, CommandError

from core.notifications import notification_bounce


class Command(BaseCommand):
    help = "Signale une adresse e-mail revenue en échec de distribution (rebond)\u00a0: elle est notée sur le compte."

    def add_arguments(self, parser):
        parser.add_argument("address", help="L’adresse e-mail revenue en échec")
        parser.add_argument("--raison", dest="reason", default="", help="Le motif donné par le serveur de messagerie")

    def handle(self, *args, address, reason, **options):
        notification = notification_bounce(to=address, reason=reason)
        if notification is None:
            raise CommandError(f"Aucun e-mail envoyé à «\u00a0{address}\u00a0»\u00a0: rien n’est noté.")
        self.stdout.write(f"Noté\u00a0: «\u00a0{address}\u00a0» ({notification.subject}).")
