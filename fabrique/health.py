"""The /health endpoint used by the container health checks: database, and Redis when configured."""

from django.conf import settings
from django.db import connection
from django.http import JsonResponse


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_redis():
    import redis

    redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2).ping()


def health(request):
    checks = {"database": check_database}
    if settings.REDIS_URL:
        checks["redis"] = check_redis
    results = {}
    for name, check in checks.items():
        try:
            check()
            results[name] = "ok"
        except Exception as error:  # any failure means unhealthy; the type is reported, not the details
            results[name] = f"error: {type(error).__name__}"
    healthy = all(value == "ok" for value in results.values())
    return JsonResponse({"status": "ok" if healthy else "error", "checks": results}, status=200 if healthy else 503)
