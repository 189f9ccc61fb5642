"""The block of suggested inspiring initiatives on a need's and an opportunity's page (territories' pages, which
show it through core.panels without importing this app; registered in projects/apps.py)."""

from django.template.loader import render_to_string
from django.utils.translation import get_language

from core import aggregates
from territories.models import Region, Sector

from ..models import Initiative
from ..selectors.initiative_search import initiative_suggestions


def need_suggestions(request, need):
    return _suggestions_block(request, need, start_param="besoin")


def opportunity_suggestions(request, opportunity):
    return _suggestions_block(request, opportunity, start_param="opportunite")


def _suggested(record):
    """What the block shows of each suggestion, the same for every reader: kept until the record changes (its
    version) or an initiative, a sector or a region does."""

    def compute():
        return [
            {
                "pk": initiative.pk,
                "title": initiative.title,
                "region": initiative.origin_region.name if initiative.origin_region else "",
                "sector": initiative.sector.name if initiative.sector else "",
                "reasons": reasons,
            }
            for initiative, reasons in initiative_suggestions(record=record, user=None)
        ]

    parts = [record._meta.label, record.pk, record.version, get_language()]
    return aggregates.cached("initiative-suggestions", parts, compute, depends_on=[Initiative, Sector, Region])


def _suggestions_block(request, record, *, start_param):
    context = {
        "record": record,
        "suggestions": _suggested(record),
        # The initiative's page prefills its replication from `?besoin=` / `?opportunite=`: only for those who may
        # start a project on this territory; the others read the initiative.
        "start_param": start_param if request.user.has_perm("territories.add_in_territory", record.territory) else None,
        "for_need": start_param == "besoin",
    }
    return render_to_string("projects/initiatives/suggestions.html", context, request=request)
