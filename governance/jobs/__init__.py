"""The background jobs of the governance app (registered with core.jobs.handler): the pack build and the
convocation emails."""

from . import convocations, packs

__all__ = ["convocations", "packs"]
