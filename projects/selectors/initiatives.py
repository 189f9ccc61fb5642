"""Reads of the library of inspiring initiatives: the catalogue, one initiative, the territories replicating it,
and what the replicate form offers."""

from django.db.models import BooleanField, Exists, OuterRef, Value
from django.shortcuts import get_object_or_404
from django.utils.html import conditional_escape

from core.roles import Role
from territories.models import EngagedTerritory, Need, Opportunity

from ..models import Initiative, Project
from .initiative_search import initiative_highlights

# What a row of the catalogue shows, and nothing more (the search vector and the long texts stay in the database).
LIST_FIELDS = (
    "title",
    "summary",
    "status",
    "target_public",
    "origin_town",
    "sector__name",
    "origin_region__name",
)
# A replication's line: its territory and stage, and the title shown to those who read the project. Never the
# project leader's personal data.
REPLICATION_FIELDS = (
    "reference",
    "title",
    "stage",
    "side_state",
    "stage_since",
    "last_activity_on",
    "next_step_due",
    "territory__name",
    "territory__slug",
)
# Ideas still waiting for review, or declined at it, are not needs a project answers (as in the project form).
UNREVIEWED = (Need.Status.TO_REVIEW, Need.Status.DECLINED)


def initiative_list(*, user):
    """The initiatives the user reads (drafts for coordinators only), with what a row of the catalogue shows."""
    return (
        Initiative.objects.visible_to(user)
        .select_related("sector", "origin_region")
        .only(*LIST_FIELDS)
        .order_by("title", "pk")
    )


def initiative_export_rows(rows):
    """`rows` of initiative_list with every field the export reads (still one query)."""
    return rows.select_related("sector", "origin_region").defer("search_vector")


def initiative_get(*, user, pk):
    """The initiative with what its pages show, or 404 when the user may not read it (a draft, for a
    non-coordinator)."""
    queryset = Initiative.objects.visible_to(user).select_related("sector", "origin_region").defer("search_vector")
    return get_object_or_404(queryset, pk=pk)


def initiative_replications(*, initiative, user):
    """The projects replicating the initiative, by territory: each with its territory and stage, and `readable`,
    whether the user reads the project itself (its title and page). Partners read the projects put before their
    committees only: for the others, they see the territory and the stage."""
    rows = Project.objects.filter(initiative=initiative).select_related("territory").only(*REPLICATION_FIELDS)
    if user.is_authenticated and user.role in (Role.COORDINATOR, Role.REFERENT):
        readable = Value(True, output_field=BooleanField())
    else:
        readable = Exists(Project.objects.visible_to(user).filter(pk=OuterRef("pk")))
    return rows.annotate(readable=readable).order_by("territory__name", "reference")


def initiative_rows_highlighted(rows, text):
    """The rows of a catalogue page, each with `shown_title` and `shown_summary`: the search's highlights (safe
    HTML, the matched words in <mark>) when `text` matched, the escaped text otherwise."""
    rows = list(rows)
    highlights = initiative_highlights(rows, text) if text else {}
    for row in rows:
        marked = highlights.get(row.pk) or {}
        row.shown_title = marked.get("title") or conditional_escape(row.title)
        row.shown_summary = marked.get("summary") or conditional_escape(row.summary)
    return rows


def replication_territories(*, user):
    """The territories where the user may replicate an initiative: those they may create projects on."""
    return EngagedTerritory.objects.editable_by(user).only("id", "name").order_by("name")


def replication_needs(*, user):
    """The needs a replication may answer: the reviewed needs the user reads on the territories they edit."""
    return (
        Need.objects.visible_to(user)
        .filter(territory__in=EngagedTerritory.objects.editable_by(user))
        .exclude(status__in=UNREVIEWED)
        .select_related("territory")
        .only("id", "title", "territory_id", "territory__name")
        .order_by("territory__name", "title")
    )


def replication_opportunities(*, user):
    """The live opportunities of the territories the user edits, which a replication may start from."""
    return (
        Opportunity.objects.visible_to(user)
        .filter(territory__in=EngagedTerritory.objects.editable_by(user))
        .exclude(status=Opportunity.Status.DROPPED)
        .select_related("territory")
        .only("id", "title", "territory_id", "territory__name")
        .order_by("territory__name", "title")
    )
