"""How long a pack takes to build and how much memory it takes, for `manage.py bench` and the scale test."""

import io
import os
import resource
import threading
import time

from django.db import transaction
from django.db.models import Max

from ..models import CommitteePack

SAMPLE_SECONDS = 0.05


def _rss_mb():
    """The process's resident memory now, in MB (Linux), or its peak so far elsewhere."""
    try:
        with open(f"/proc/{os.getpid()}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class _PeakMemory:
    """Samples the resident memory on a thread while the block runs; `peak` is the highest seen."""

    def __enter__(self):
        self.peak = self.start = _rss_mb()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self):
        while not self._stop.wait(SAMPLE_SECONDS):
            self.peak = max(self.peak, _rss_mb())

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _rss_mb())


def _page_count(pdf: bytes):
    try:
        from pypdf import PdfReader
    except ImportError:  # pypdf is installed with the test tools only
        return None
    return len(PdfReader(io.BytesIO(pdf)).pages)


def measure_pack_build(*, committee, year, keep=False) -> dict:
    """Build a new version of the committee's pack of `year` here, in this process (no job), and return
    {"seconds", "peak_mb" (the process's resident memory at its highest during the build), "start_mb", "pages"
    (the PDF's), "pdf_kb", "xlsx_kb", "projects" (summaries)}. The measured version is deleted afterwards with
    its files unless `keep`."""
    from ..services.packs import pack_build

    with transaction.atomic():
        last = CommitteePack.objects.filter(committee=committee, year=year).aggregate(last=Max("number"))["last"]
        pack = CommitteePack.objects.create(committee=committee, year=year, number=(last or 0) + 1)
    with _PeakMemory() as memory:
        started = time.perf_counter()
        pack_build(pack_id=pack.pk)
        seconds = time.perf_counter() - started
    pack.refresh_from_db()
    pdf = pack.pdf.read()
    result = {
        "seconds": round(seconds, 2),
        "peak_mb": round(memory.peak, 1),
        "start_mb": round(memory.start, 1),
        "pages": _page_count(pdf),
        "pdf_kb": round(pack.pdf.size / 1024),
        "xlsx_kb": round(pack.xlsx.size / 1024),
        "projects": len(pack.snapshot.get("projects", [])),
    }
    pack.pdf.close()
    if not keep:
        pack.pdf.delete(save=False)
        pack.xlsx.delete(save=False)
        pack.delete()
    return result
