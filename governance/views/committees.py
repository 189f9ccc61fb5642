"""Pages of committees: the list, a committee's page (what a funder opens before a meeting), the committee and
member forms."""

from functools import partial

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exports import Column
from core.history import history_entries
from core.listing import list_or_export
from core.views import form_page, posted

from ..filters.committees import CommitteeFilter
from ..forms.committees import CommitteeForm, MemberForm
from ..selectors import committees as selectors
from ..services import committees as services

REGION = gettext_lazy("Région")


def _scope(committee):
    return committee.territory.name if committee.territory_id else str(REGION)


def _chairs(committee):
    return ", ".join(member.display_name for member in committee.chairs)


# The members' e-mail addresses are never exported.
COMMITTEE_COLUMNS = [
    Column(gettext_lazy("Comité"), "name"),
    Column(gettext_lazy("Type"), "get_kind_display"),
    Column(gettext_lazy("Périmètre"), _scope),
    Column(gettext_lazy("Présidence"), _chairs),
    Column(gettext_lazy("Membres"), "member_count"),
    Column(gettext_lazy("Prochaine séance"), "next_meeting_at"),
]


def committee_list(request):
    listing, export = list_or_export(
        request,
        selectors.committee_list(user=request.user),
        CommitteeFilter,
        columns=COMMITTEE_COLUMNS,
        basename="comites",
    )
    if export:
        return export
    context = {
        "listing": listing,
        "may_manage": request.user.has_perm("governance.manage_committees"),
        "may_manage_targets": request.user.has_perm("governance.manage_targets"),
    }
    return render(request, "governance/committees/committee_list.html", context)


def committee_detail(request, committee):
    committee = selectors.committee_get(user=request.user, pk=committee)
    may_manage = request.user.has_perm("governance.manage_committees")
    current, past = selectors.committee_members(committee=committee)
    context = {
        "committee": committee,
        "current_members": current,
        "past_members": past,
        "may_manage": may_manage,
        "may_manage_meetings": request.user.has_perm("governance.manage_meeting"),
        **selectors.committee_blocks(user=request.user, committee=committee),
        "history": history_entries(committee) if may_manage else None,
    }
    return render(request, "governance/committees/committee_detail.html", context)


def _committee_form_page(request, form, committee=None):
    return form_page(
        request,
        form,
        create=services.committee_create,
        update=partial(services.committee_update, committee=committee),
        template="governance/committees/committee_form.html",
        context={"committee": committee},
        success_url=lambda saved: reverse("committee_detail", kwargs={"committee": saved.pk}),
        created_message=_("Comité « %(record)s » créé."),
        changed_message=_("Comité « %(record)s » modifié."),
    )


def committee_create(request):
    return _committee_form_page(request, CommitteeForm(posted(request)))


def committee_edit(request, committee):
    committee = selectors.committee_get(user=request.user, pk=committee)
    return _committee_form_page(request, CommitteeForm(posted(request), instance=committee), committee)


def _member_form_page(request, form, committee, member=None):
    return form_page(
        request,
        form,
        create=partial(services.member_create, committee=committee),
        update=partial(services.member_update, member=member),
        template="governance/committees/member_form.html",
        context={"committee": committee, "member": member},
        success_url=lambda saved: reverse("committee_detail", kwargs={"committee": committee.pk}),
        created_message=_("« %(record)s » siège désormais au comité."),
        changed_message=_("Mandat de « %(record)s » modifié."),
    )


def member_create(request, committee):
    committee = selectors.committee_get(user=request.user, pk=committee)
    form = MemberForm(posted(request), committee=committee)
    return _member_form_page(request, form, committee)


def member_edit(request, member):
    member = selectors.member_get(pk=member)
    form = MemberForm(posted(request), instance=member, committee=member.committee)
    return _member_form_page(request, form, member.committee, member)
