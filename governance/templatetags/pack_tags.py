"""The committee page's block of annual packs: the packs of the committee the signed-in user reads."""

from django import template

from ..selectors.packs import committee_packs

register = template.Library()


@register.simple_tag(takes_context=True)
def packs_of(context, committee):
    """The committee's packs the user reads (the same scope as the pack list), latest year and version first."""
    return list(committee_packs(committee=committee, user=context["request"].user))
