"""Where territories hold a person's data: an actor's contacts, and the citizens who sent an idea to a call for
ideas (registered in apps.py with core.personal_data)."""

from django.conf import settings
from django.db import models, transaction
from django.db.models import Case, F, When
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.personal_data import (
    ANONYMISED_NAME,
    Match,
    PersonalDataSource,
    as_json_value,
    blank_history,
    holds_name,
    months_before,
)

from .models import Contact, Need
from .services.public import call_for_ideas_reference


class ContactSource(PersonalDataSource):
    key = "territories.contact"
    fields = (
        "territories.Contact.name",
        "territories.Contact.role",
        "territories.Contact.email",
        "territories.Contact.phone",
    )
    email_fields = ("email",)
    name_fields = ("name",)
    label = gettext_lazy("Personne contact d’un acteur")
    kept = gettext_lazy(
        "votre nom, votre fonction, votre adresse e-mail et votre téléphone, si vous êtes la personne à joindre chez "
        "un acteur (une structure du territoire)"
    )
    purpose = gettext_lazy(
        "joindre l’acteur pour le diagnostic du territoire et l’accompagnement des projets ; lus par l’équipe de la "
        "CRESS et par celle de l’acteur référent du territoire seulement"
    )

    def retention(self):
        return _("tant que la personne est le contact de l’acteur ; effacées avec la fiche du contact ou sur demande")

    def _queryset(self):
        return Contact.objects.select_related("actor").exclude(name=ANONYMISED_NAME, email="", phone="")

    def _match(self, contact):
        person = " — ".join(part for part in (contact.name, contact.email, contact.phone) if part)
        record = _("Contact n° %(pk)s de l’acteur « %(actor)s »") % {"pk": contact.pk, "actor": contact.actor.name}
        return Match(source=self.key, pk=contact.pk, person=person, record=record, instance=contact)

    def export(self, match):
        contact = match.instance
        past = Contact.history.filter(id=contact.pk).order_by("history_date")
        return {
            "acteur": contact.actor.name,
            "nom": contact.name,
            "fonction": contact.role,
            "adresse e-mail": contact.email,
            "téléphone": contact.phone,
            "versions précédentes": [
                {
                    "date": as_json_value(version.history_date),
                    "nom": version.name,
                    "fonction": version.role,
                    "adresse e-mail": version.email,
                    "téléphone": version.phone,
                }
                for version in past
            ],
        }

    def erase(self, match, *, by):
        erased = {"name": ANONYMISED_NAME, "role": "", "email": "", "phone": ""}
        with transaction.atomic():
            # The version goes up: an edit page opened before cannot save the old details back.
            Contact.objects.filter(pk=match.pk).update(**erased, version=F("version") + 1)
            blank_history(Contact, match.pk, **erased)
        return _("Contact n° %(pk)s anonymisé (nom, fonction, e-mail, téléphone, historique).") % {"pk": match.pk}


def idea_closed_on():
    """The day a public idea was closed: declined at its review, or its need dropped or addressed (the day the
    record was last changed when the date was left empty, which is never earlier)."""
    changed_on = TruncDate("updated_at")
    return Case(
        When(status=Need.Status.DECLINED, then=Coalesce(TruncDate("reviewed_at"), changed_on)),
        When(status=Need.Status.DROPPED, then=Coalesce("dropped_on", changed_on)),
        When(status=Need.Status.ADDRESSED, then=Coalesce("addressed_on", changed_on)),
        default=None,
        output_field=models.DateField(),
    )


# A closed idea: no need of the territory any more (declined at its review), or a need whose story is over.
CLOSED_IDEA_STATUSES = (Need.Status.DECLINED, Need.Status.DROPPED, Need.Status.ADDRESSED)


class IdeaSubmitterSource(PersonalDataSource):
    key = "territories.idea_submitter"
    fields = ("territories.Need.submitter_name", "territories.Need.submitter_email")
    email_fields = ("submitter_email",)
    name_fields = ("submitter_name",)
    search_history = False
    label = gettext_lazy("Personne ayant proposé une idée (appel à idées)")
    kept = gettext_lazy(
        "le texte de votre idée (titre, description, public concerné) ; votre nom et votre adresse e-mail, seulement "
        "si vous acceptez d’être recontacté·e au sujet de votre idée"
    )
    purpose = gettext_lazy(
        "examiner l’idée comme un besoin possible du territoire et, si vous l’avez accepté, vous recontacter à son "
        "sujet. Seules l’équipe de la CRESS et celle de l’acteur référent du territoire lisent votre nom et votre "
        "e-mail ; les partenaires et financeurs ne lisent jamais une idée avant son examen, et jamais vos "
        "coordonnées. Avant d’accepter l’idée, l’équipe retire de son texte les détails personnels qu’il contiendrait"
    )

    def retention(self):
        return _(
            "vos coordonnées sont gardées jusqu’à l’examen de l’idée, et au plus %(months)s mois après sa clôture "
            "(idée non retenue à l’examen, besoin abandonné ou traité), puis effacées automatiquement ; le texte "
            "de l’idée, sans détail personnel, reste dans le diagnostic du territoire"
        ) % {"months": settings.PERSONAL_DATA_IDEA_RETENTION_MONTHS}

    def retention_due(self, *, now):
        cutoff = months_before(timezone.localdate(now), settings.PERSONAL_DATA_IDEA_RETENTION_MONTHS)
        return (
            Need.objects.filter(holds_name("submitter_name") | ~models.Q(submitter_email=""))
            .filter(status__in=CLOSED_IDEA_STATUSES)
            .annotate(closed_on=idea_closed_on())
            .filter(closed_on__lt=cutoff)
            .order_by("pk")
            .values_list("pk", flat=True)
        )

    def _queryset(self):
        return Need.objects.select_related("territory").filter(
            holds_name("submitter_name") | ~models.Q(submitter_email="")
        )

    def _match(self, need):
        person = " — ".join(part for part in (need.submitter_name, need.submitter_email) if part)
        record = _("Idée %(reference)s du territoire « %(territory)s »") % {
            "reference": call_for_ideas_reference(need),
            "territory": need.territory.name,
        }
        return Match(source=self.key, pk=need.pk, person=person, record=record, instance=need)

    def export(self, match):
        need = match.instance
        return {
            "référence": call_for_ideas_reference(need),
            "territoire": need.territory.name,
            "intitulé": need.title,
            "description": need.description,
            "statut": str(need.get_status_display()),
            "reçue le": as_json_value(need.created_at),
            "nom": need.submitter_name,
            "adresse e-mail": need.submitter_email,
            "accepte d’être recontactée": need.submitter_consents_to_contact,
        }

    def erase(self, match, *, by):
        need = match.instance
        with transaction.atomic():
            Need.objects.filter(pk=match.pk).update(
                submitter_name=ANONYMISED_NAME if need.submitter_name else "",
                submitter_email="",
                submitter_consents_to_contact=False,
                version=F("version") + 1,
            )
            # The history leaves the name and address out (territories/models/needs.py); the consent is in it.
            blank_history(Need, match.pk, submitter_consents_to_contact=False)
        return _("Idée %(reference)s : nom et adresse e-mail de la personne effacés.") % {
            "reference": call_for_ideas_reference(need)
        }
