"""Time and peak memory of one export, produced to its last byte: for `manage.py bench` and the memory tests."""

import gc
import time
import tracemalloc

from django.core.signals import request_finished
from django.db import close_old_connections

from .exports import export_file


def _drain(response) -> int:
    """Reads the whole body as a client would, keeping none of it; the number of bytes."""
    size = 0
    try:
        for block in response.streaming_content if response.streaming else [response.content]:
            size += len(block)
    finally:
        # close() frees the temporary file, and also announces the end of a request, which closes the
        # database connection when it is inside a transaction (a test's): as Django's test client does,
        # the connection is kept.
        detached = request_finished.disconnect(close_old_connections)
        try:
            response.close()
        finally:
            if detached:
                request_finished.connect(close_old_connections)
    return size


def _resident_mb(field: str) -> float | None:
    # Linux only: VmRSS is the resident memory now, VmHWM its peak since the last reset.
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _reset_resident_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")  # resets VmHWM to the current resident size
        return True
    except OSError:
        return False


def measure_export(rows, columns, kind: str, *, basename: str = "mesure", timed: bool = True) -> dict:
    """{"seconds", "peak_mb", "peak_rss_mb", "bytes"} of exporting `rows` (a queryset, as a list view passes
    it) as `kind`, the body read to its last byte.

    Two runs: the time is taken without tracing (tracemalloc slows Python down several times), the peak
    memory with it. `peak_mb` is the highest memory Python allocated during the export above what it held
    before, in MiB (the figure the targets of issue 7 apply to); it does not see memory allocated outside
    Python's allocator, such as the database driver's buffers. `peak_rss_mb` is the resident memory's peak
    above its level at the start of the timed run, which sees everything but also counts memory Python
    keeps for reuse (Linux only, None elsewhere). With `timed=False` only the traced run is made, and
    "seconds" and "peak_rss_mb" are None (the tests assert memory, not time).
    """
    seconds = peak_rss = None
    if timed:
        gc.collect()
        resident_before = _resident_mb("VmRSS") if _reset_resident_peak() else None
        started = time.perf_counter()
        _drain(export_file(rows, columns, kind, basename))
        seconds = round(time.perf_counter() - started, 3)
        if resident_before is not None:
            peak_rss = round(_resident_mb("VmHWM") - resident_before, 1)

    gc.collect()
    was_tracing = tracemalloc.is_tracing()
    if not was_tracing:
        tracemalloc.start()
    try:
        baseline, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        size = _drain(export_file(rows, columns, kind, basename))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        if not was_tracing:
            tracemalloc.stop()
    return {"seconds": seconds, "peak_mb": round((peak - baseline) / 2**20, 1), "peak_rss_mb": peak_rss, "bytes": size}
