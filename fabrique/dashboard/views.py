"""The dashboard page: the figures of a year, a perimeter and a sector, then what waits to be done."""

from django.shortcuts import render

from . import selectors
from .forms import DashboardForm


def dashboard_context(request):
    """The filters, the scope they choose and its blocks (figures, then work), for the dashboard and the
    coordinator's home."""
    form = DashboardForm(request.GET, user=request.user, choices=selectors.dashboard_choices())
    scope = form.scope()
    return {"filters": form, "scope": scope, **selectors.dashboard_blocks(form=form, scope=scope, user=request.user)}


def dashboard(request):
    return render(request, "fabrique/dashboard/dashboard.html", dashboard_context(request))
