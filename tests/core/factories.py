"""factory_boy factories of the core: background jobs."""

import factory

from core.models import Job


class JobFactory(factory.django.DjangoModelFactory):
    """A failed job, as a coordinator finds it on the jobs page."""

    class Meta:
        model = Job

    kind = "governance.pack_build"
    payload = factory.LazyFunction(dict)
    dedup_key = factory.Sequence(lambda n: f"test-job-{n}")
    status = Job.Status.FAILED
    attempts = 3
    last_error = "ConnectionError: Redis injoignable"
