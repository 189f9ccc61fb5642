"""Background job: build an annual committee pack (governance.services.packs.pack_build does the work)."""

from core.jobs import handler, heartbeat

from ..services.packs import BUILD_JOB, pack_build


@handler(BUILD_JOB)
def build_pack(job):
    pack_build(pack_id=job.payload["pack"], beat=lambda: heartbeat(job))
