"""Writes of the annual committee packs: asking for one (a new version, its build job in the same transaction),
building it in the background, publishing it to the committee's partners."""

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.jobs import job_enqueue

from ..models import Committee, CommitteePack
from ..notifications.events import pack_published_notify

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser

logger = logging.getLogger(__name__)

MANAGE = "governance.manage_packs"
BUILD_JOB = "governance.pack_build"
FAILURE_MESSAGE = gettext_lazy(
    "La préparation du dossier a échoué (%(error)s). Elle est relancée automatiquement ; "
    "si l’échec se répète, demandez une nouvelle version."
)


def _check_may_manage(user):
    if user is not None and not user.has_perm(MANAGE):
        raise PermissionDenied


def pack_request(
    *, committee: Committee, year: int, by: "AbstractUser", foreword: str = "", next_year_plan: str = ""
) -> CommitteePack:
    """Ask for the committee's pack of `year`: the next version number (the older ones are kept) and its build
    job, written in one transaction; the job starts once it commits."""
    _check_may_manage(by)
    with transaction.atomic():
        # The committee's row is the lock: two requests at once take two numbers, never the same one.
        Committee.objects.select_for_update().filter(pk=committee.pk).first()
        last = CommitteePack.objects.filter(committee=committee, year=year).aggregate(last=Max("number"))["last"]
        pack = CommitteePack.objects.create(
            committee=committee,
            year=year,
            number=(last or 0) + 1,
            foreword=foreword,
            next_year_plan=next_year_plan,
            requested_by=by,
        )
        job_enqueue(kind=BUILD_JOB, payload={"pack": pack.pk}, dedup_key=f"pack:{pack.pk}", by=by)
    return pack


def pack_publish(*, pack: CommitteePack, by: "AbstractUser") -> CommitteePack:
    """Publish a ready pack: the partners of its committee then read and download it."""
    _check_may_manage(by)
    with transaction.atomic():
        pack = CommitteePack.objects.select_for_update().get(pk=pack.pk)
        if pack.status != CommitteePack.Status.READY:
            raise ValidationError(_("Seul un dossier prêt peut être publié : attendez la fin de sa préparation."))
        if pack.published_at is None:
            pack.published_at = timezone.now()
            pack.published_by = by
            pack.save(update_fields=["published_at", "published_by"])
            pack_published_notify(pack=pack)
    return pack


def _set_progress(pack_id, percent, **fields):
    CommitteePack.objects.filter(pk=pack_id).exclude(status=CommitteePack.Status.READY).update(
        progress=percent, **fields
    )


def _file_name(pack, extension):
    return f"dossier-annuel-{slugify(pack.committee.name)[:60]}-{pack.year}-v{pack.number}.{extension}"


def pack_build(*, pack_id: int, beat: Callable[[], None] = lambda: None) -> CommitteePack | None:
    """Build the pack: freeze its snapshot, render the PDF and the workbook, then save the files, the snapshot
    and the READY status together. Idempotent: a ready pack is left as it is (a job sent twice builds once).
    Writes `progress` as it goes and calls `beat()` between steps (the job's heartbeat). On an error the pack is
    FAILED with a French message and the error raised again, so that the job is retried."""
    from ..packs.pdf import pack_pdf
    from ..packs.snapshot import snapshot_build
    from ..packs.xlsx import pack_xlsx

    pack = CommitteePack.objects.select_related("committee", "committee__territory").filter(pk=pack_id).first()
    if pack is None or pack.status == CommitteePack.Status.READY:
        return pack

    def step(percent):
        _set_progress(pack_id, percent)
        beat()

    _set_progress(pack_id, 5, status=CommitteePack.Status.BUILDING, error="")
    try:
        with translation.override("fr"):
            snapshot = snapshot_build(pack, step=step)
            pdf = pack_pdf(snapshot)
            step(85)
            xlsx = pack_xlsx(snapshot)
            step(95)
        with transaction.atomic():
            locked = CommitteePack.objects.select_for_update().get(pk=pack_id)
            if locked.status == CommitteePack.Status.READY:
                return locked
            locked.pdf.save(_file_name(pack, "pdf"), ContentFile(pdf), save=False)
            locked.xlsx.save(_file_name(pack, "xlsx"), ContentFile(xlsx), save=False)
            locked.snapshot = snapshot
            locked.status = CommitteePack.Status.READY
            locked.progress = 100
            locked.error = ""
            locked.built_at = timezone.now()
            locked.save(update_fields=["pdf", "xlsx", "snapshot", "status", "progress", "error", "built_at"])
        beat()
        return locked
    except Exception as error:
        logger.exception("pack %s build failed", pack_id)
        with translation.override("fr"):
            message = FAILURE_MESSAGE % {"error": type(error).__name__}
        CommitteePack.objects.filter(pk=pack_id).exclude(status=CommitteePack.Status.READY).update(
            status=CommitteePack.Status.FAILED, error=message
        )
        raise
