"""Forms of a meeting: the meeting itself (a day, start and end times), an agenda item, a document, the attendance
and an action item."""

import datetime
import re
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import FrenchDateField
from core.documents import DocumentFileForm
from core.form_styles import StyledFormMixin
from core.roles import Role
from core.versioning import VersionedFormMixin
from projects.models import Project

from ..models import ActionItem, AgendaDocument, AgendaItem, Attendance, Meeting
from ..services.action_items import OWNER_MISSING
from ..services.agenda import PROJECT_OR_TOPIC
from ..services.meetings import ENDS_BEFORE_START, NO_PLACE

TIME_UNREADABLE = _("Heure illisible : écrivez-la au format hh:mm, par exemple 14:30.")
# 14:30, 14h30, 14 h 30, 14h, 14.30
_TIME = re.compile(r"(?P<hour>\d{1,2})\s*(?:[:h.]\s*(?P<minute>\d{2})?)?", re.I)


class FrenchTimeField(forms.TimeField):
    """A time of day typed as 14:30, 14h30 or 14 h."""

    # A text box: the browser's time picker shows 02:00 PM in an English browser.
    widget = forms.TimeInput(attrs={"placeholder": "hh:mm", "autocomplete": "off"}, format="%H:%M")
    default_error_messages = {"invalid": TIME_UNREADABLE}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.time):
            return value
        match = _TIME.fullmatch(str(value).strip())
        if match:
            try:
                return datetime.time(int(match["hour"]), int(match["minute"] or 0))
            except ValueError:
                pass
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


class MeetingForm(StyledFormMixin, VersionedFormMixin, forms.ModelForm):
    day = FrenchDateField(label=_("Date"))
    start_time = FrenchTimeField(label=_("Heure de début"))
    end_time = FrenchTimeField(label=_("Heure de fin"))
    video_link = forms.URLField(
        label=_("Lien de visioconférence"),
        required=False,
        assume_scheme="https",
        max_length=Meeting._meta.get_field("video_link").max_length,
        help_text=_("Une adresse commençant par https://"),
        error_messages={"invalid": _("Saisissez une adresse web complète (https://…).")},
    )

    class Meta:
        model = Meeting
        fields = ["title", "day", "start_time", "end_time", "place", "video_link"]
        labels = {"title": _("Intitulé (facultatif)")}
        help_texts = {
            "place": _("L’adresse de la salle ; laissez vide pour une séance en visioconférence seulement."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            starts, ends = timezone.localtime(self.instance.starts_at), timezone.localtime(self.instance.ends_at)
            self.initial.update({"day": starts.date(), "start_time": starts.time(), "end_time": ends.time()})
        else:
            self.initial.setdefault("start_time", datetime.time(14, 0))
            self.initial.setdefault("end_time", datetime.time(17, 0))
        self.fields["title"].help_text = _("Par exemple « Comité de pilotage annuel » ; le nom du comité sinon.")

    def clean(self):
        cleaned = self.cleaned_data
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", ENDS_BEFORE_START)
        if not cleaned.get("place", "").strip() and not cleaned.get("video_link") and "video_link" not in self.errors:
            self.add_error("place", NO_PLACE)
        return super().clean()

    def service_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in ("title", "place", "video_link")}
        day = self.cleaned_data["day"]
        data["starts_at"] = timezone.make_aware(datetime.datetime.combine(day, self.cleaned_data["start_time"]))
        data["ends_at"] = timezone.make_aware(datetime.datetime.combine(day, self.cleaned_data["end_time"]))
        return data


def project_choices():
    """Every project of the region, by territory (read as values: thousands at national scale)."""
    rows = Project.objects.order_by("territory__name", "reference").values_list(
        "pk", "reference", "title", "territory__name"
    )
    groups: dict[str, list] = {}
    for pk, reference, title, territory in rows:
        groups.setdefault(territory, []).append((pk, f"{reference} — {title}" if reference else title))
    return [("", _("— aucun projet : un sujet libre —")), *groups.items()]


class AgendaItemForm(StyledFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["project", "topic", "presenter", "duration_minutes", "position", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "topic": _("Pour un point sans projet ; pour un projet, laissez vide ou précisez l’objet du passage."),
            "position": _("1 pour le premier point ; laissez la valeur proposée pour l’ajouter à la fin."),
        }

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        project = self.fields["project"]
        project.choices = project_choices()
        project.error_messages["invalid_choice"] = _("Choisissez un projet de la liste.")
        duration = self.fields["duration_minutes"]
        duration.min_value, duration.max_value = 1, 480
        duration.validators += [
            MinValueValidator(1, _("Une durée d’au moins 1 minute.")),
            MaxValueValidator(480, _("Une durée de 480 minutes (8 heures) au plus.")),
        ]
        duration.widget.attrs.update({"min": 1, "max": 480})
        self.fields["position"].required = False
        self.fields["position"].widget.attrs.update({"min": 1})
        if self.instance.pk is None:
            self.initial.setdefault("position", meeting.agenda_items.count() + 1)

    def clean(self):
        # Before the version check, which raises: the model's own constraint would otherwise speak instead.
        cleaned = self.cleaned_data
        if not cleaned.get("project") and not (cleaned.get("topic") or "").strip() and "project" not in self.errors:
            self.add_error("topic", PROJECT_OR_TOPIC)
        return super().clean()


class AgendaDocumentForm(StyledFormMixin, DocumentFileForm, forms.ModelForm):
    class Meta:
        model = AgendaDocument
        fields = ["title", "file"]

    def service_data(self) -> dict[str, Any]:
        return {"title": self.cleaned_data["title"], "file": self.cleaned_data["file"]}


class AttendanceForm(StyledFormMixin, forms.Form):
    """One status and one « représenté·e par » per member of the committee on the day of the meeting."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        choices = [("", _("— non renseigné —")), *Attendance.Status.choices]
        for row in rows:
            member = row.member
            status_name, represented_name = f"status_{member.pk}", f"represented_by_{member.pk}"
            self.fields[status_name] = forms.ChoiceField(
                label=_("Présence de %(member)s") % {"member": member.display_name},
                choices=choices,
                required=False,
                initial=row.attendance.status if row.attendance else "",
            )
            self.fields[represented_name] = forms.CharField(
                label=_("%(member)s représenté·e par") % {"member": member.display_name},
                max_length=Attendance._meta.get_field("represented_by").max_length,
                required=False,
                initial=row.attendance.represented_by if row.attendance else "",
            )
            self.rows.append((member, status_name, represented_name))

    def member_fields(self):
        """(member, status field, represented-by field) per row, for the template's table."""
        return [(member, self[status], self[represented]) for member, status, represented in self.rows]

    def clean(self):
        cleaned = super().clean()
        for _member, status_name, represented_name in self.rows:
            status, represented_by = cleaned.get(status_name), (cleaned.get(represented_name) or "").strip()
            if status == Attendance.Status.REPRESENTED and not represented_by:
                self.add_error(represented_name, _("Indiquez qui représente ce membre."))
            elif status != Attendance.Status.REPRESENTED and represented_by:
                self.add_error(represented_name, _("Ne remplissez ce champ que pour un membre représenté."))
        return cleaned

    def service_rows(self):
        return [
            {
                "member": member,
                "status": self.cleaned_data.get(status_name) or "",
                "represented_by": self.cleaned_data.get(represented_name) or "",
            }
            for member, status_name, represented_name in self.rows
        ]


def action_item_owners(meeting: Meeting):
    """Who may own an action: the coordinators, and the members of the meeting's committee with an account."""
    members = meeting.committee.members.filter(user__isnull=False).values("user_id")
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(role=Role.COORDINATOR) | Q(pk__in=members))
        .order_by("last_name", "first_name", "email")
    )


class ActionItemForm(StyledFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["description", "agenda_item", "owner", "owner_name", "due_on"]
        field_classes = {"due_on": FrenchDateField}
        help_texts = {"owner_name": _("Quand le ou la responsable n’a pas de compte sur la plateforme.")}

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.select_related("project").order_by("position")
        self.fields["agenda_item"].label_from_instance = lambda item: f"{item.position}. {item}"
        self.fields["agenda_item"].error_messages["invalid_choice"] = _("Choisissez un point de cette séance.")
        self.fields["owner"].queryset = action_item_owners(meeting)
        self.fields["owner"].label_from_instance = lambda user: user.get_full_name() or user.email
        self.fields["owner"].error_messages["invalid_choice"] = _("Choisissez une personne de la liste.")
        if meeting.is_frozen:
            for name in ("description", "agenda_item"):
                self.fields[name].disabled = True

    def clean(self):
        cleaned = self.cleaned_data
        if not cleaned.get("owner") and not (cleaned.get("owner_name") or "").strip() and "owner" not in self.errors:
            self.add_error("owner", OWNER_MISSING)
        return super().clean()
