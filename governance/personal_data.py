"""Where the committees hold a person's data with no account behind it: a member's named representative, and the
person named as responsible for an action item. Registered by GovernanceConfig.ready()."""

from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.personal_data import (
    ANONYMISED_NAME,
    Match,
    PersonalDataSource,
    as_json_value,
    blank_history,
    holds_name,
)

from .models import ActionItem, CommitteeMember


class CommitteeRepresentativeSource(PersonalDataSource):
    key = "governance.representative"
    fields = ("governance.CommitteeMember.representative_name", "governance.CommitteeMember.representative_email")
    email_fields = ("representative_email",)
    name_fields = ("representative_name",)
    label = gettext_lazy("Représentant·e d’un membre de comité")
    kept = gettext_lazy(
        "votre nom et votre adresse e-mail si vous représentez une organisation à un comité sans compte sur la "
        "plateforme"
    )
    purpose = gettext_lazy("vous convoquer aux séances du comité et tenir la liste de ses membres et des présences")

    def retention(self):
        return _("tant que vous siégez au comité ; effacées sur demande, la place au comité restant dans ses comptes")

    def _queryset(self):
        return CommitteeMember.objects.select_related("committee").filter(
            holds_name("representative_name") | ~models.Q(representative_email="")
        )

    def _match(self, member):
        person = " — ".join(part for part in (member.representative_name, member.representative_email) if part)
        record = _("Membre n° %(pk)s du comité « %(committee)s »") % {
            "pk": member.pk,
            "committee": member.committee.name,
        }
        return Match(source=self.key, pk=member.pk, person=person, record=record, instance=member)

    def export(self, match):
        member = match.instance
        return {
            "comité": member.committee.name,
            "fonction": str(member.get_position_display()),
            "depuis le": as_json_value(member.start_on),
            "jusqu’au": as_json_value(member.end_on),
            "nom": member.representative_name,
            "adresse e-mail": member.representative_email,
        }

    def erase(self, match, *, by):
        with transaction.atomic():
            rows = CommitteeMember.objects.filter(pk=match.pk)
            rows.filter(holds_name("representative_name")).update(representative_name=ANONYMISED_NAME)
            rows.update(representative_email="", version=F("version") + 1)
            past = CommitteeMember.history.filter(id=match.pk)
            past.filter(holds_name("representative_name")).update(representative_name=ANONYMISED_NAME)
            past.update(representative_email="")
        return _("Membre n° %(pk)s : nom et adresse e-mail du ou de la représentant·e effacés.") % {"pk": match.pk}


class ActionOwnerSource(PersonalDataSource):
    key = "governance.action_owner"
    fields = ("governance.ActionItem.owner_name",)
    email_fields = ()
    name_fields = ("owner_name",)
    label = gettext_lazy("Responsable nommé·e d’une action à mener")
    kept = gettext_lazy("votre nom si une action décidée en comité vous est confiée sans compte sur la plateforme")
    purpose = gettext_lazy("suivre les actions décidées en comité jusqu’à ce qu’elles soient faites")

    def retention(self):
        return _("avec le compte rendu de la séance ; effacé sur demande, l’action restant dans les comptes du comité")

    def _queryset(self):
        return ActionItem.objects.select_related("meeting__committee").filter(holds_name("owner_name"))

    def _match(self, item):
        record = _("Action n° %(pk)s du comité « %(committee)s »") % {
            "pk": item.pk,
            "committee": item.meeting.committee.name,
        }
        return Match(source=self.key, pk=item.pk, person=item.owner_name, record=record, instance=item)

    def export(self, match):
        item = match.instance
        return {
            "comité": item.meeting.committee.name,
            "action": item.description,
            "échéance": as_json_value(item.due_on),
            "faite le": as_json_value(item.done_on),
            "responsable": item.owner_name,
        }

    def erase(self, match, *, by):
        with transaction.atomic():
            ActionItem.objects.filter(pk=match.pk).update(owner_name=ANONYMISED_NAME, version=F("version") + 1)
            blank_history(ActionItem, match.pk, owner_name=ANONYMISED_NAME)
        return _("Action n° %(pk)s : nom du ou de la responsable effacé.") % {"pk": match.pk}
