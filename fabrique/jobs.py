"""The coordinators' page of background jobs: what failed (with its error and a button to relaunch it), what
waits or runs, then what was done lately."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import jobs as background
from core.listing import paginate

JOBS_PER_PAGE = 25


def job_list(request):
    listing = paginate(request, background.job_list(user=request.user), per_page=JOBS_PER_PAGE)
    for job in listing.rows:
        job.label = background.handler_label(job.kind)
    context = {"listing": listing, "jobs": listing.rows, "counts": background.job_counts()}
    return render(request, "fabrique/jobs/job_list.html", context)


@require_POST
def job_retry(request, job):
    job = get_object_or_404(background.job_list(user=request.user), pk=job)
    try:
        background.job_retry(job=job, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        label = background.handler_label(job.kind)
        messages.success(request, _("La tâche « %(label)s » est relancée.") % {"label": label})
    return redirect("job_list")
