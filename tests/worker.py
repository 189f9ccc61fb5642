"""A real Celery worker and a Redis of the test's own, for the tests of background work (tests/conftest.py
exposes the fixtures).

`background` starts `redis-server` on a free port (never 6379: a developer's or CI's Redis is left alone) and
`celery -A fabrique worker --pool=solo` on the pytest test database (the tests use `transactional_db`, so the
worker reads committed rows), and points the test process's Celery app at that Redis. Its helpers stop and
start Redis, kill the worker with SIGKILL and start another, and wait for a condition with a timeout.

These tests need PostgreSQL (SQLite's single writer and its file locks do not serve two processes well) and a
`redis-server` binary: they are skipped without them, and fail under CI (`require`).
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

BASE_DIR = Path(settings.BASE_DIR)
STARTUP_TIMEOUT = 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, *, timeout=30.0, interval=0.05, message="the condition"):
    """Call `condition()` until it returns something true, and return that; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {message}")
        time.sleep(interval)


def database_url() -> str:
    """The URL of the database this test runs on (pytest-django's test database), for the worker."""
    db = connection.settings_dict
    user = quote(db["USER"] or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    host = db["HOST"] or "127.0.0.1"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{user}{password}@{host}{port}/{db['NAME']}"


class RedisServer:
    """redis-server on a port of its own, without persistence; stop() and start() keep the port."""

    def __init__(self, log_dir: Path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.log = log_dir / "redis.log"
        self.process = None

    def start(self):
        assert self.process is None, "Redis is already running"
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        wait_until(self.answers, timeout=STARTUP_TIMEOUT, message=f"redis-server on port {self.port}")

    def answers(self) -> bool:
        import redis

        try:
            return bool(redis.Redis.from_url(self.url, socket_connect_timeout=0.5).ping())
        except redis.RedisError:
            return False

    def stop(self):
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)
        self.process = None


class Worker:
    """`celery -A fabrique worker --pool=solo --concurrency=1` on the test database and the test's Redis."""

    def __init__(self, *, redis: RedisServer, log_dir: Path, environment: dict):
        self.redis = redis
        self.log_dir = log_dir
        self.environment = environment
        self.process = None
        self.started = 0

    def start(self):
        assert self.process is None, "the worker is already running"
        self.started += 1
        self.name = f"test-{self.redis.port}-{self.started}@localhost"
        self.log = self.log_dir / f"worker-{self.started}.log"
        command = [
            *(sys.executable, "-m", "celery", "-A", "fabrique", "worker"),
            *("--pool=solo", "--concurrency=1", "-l", "warning", "-n", self.name),
            *("--without-gossip", "--without-mingle", "--without-heartbeat"),
        ]
        self.process = subprocess.Popen(
            command, cwd=BASE_DIR, env=self.environment, stdout=self.log.open("ab"), stderr=subprocess.STDOUT
        )
        wait_until(self.answers, timeout=STARTUP_TIMEOUT, interval=0.2, message=f"the worker {self.name}")

    def answers(self) -> bool:
        from fabrique.celery import app

        if self.process.poll() is not None:
            pytest.fail(f"the worker stopped at start-up:\n{self.output()}")
        return bool(app.control.ping(destination=[self.name], timeout=0.5))

    def kill(self):
        """SIGKILL: the worker dies at once, in the middle of what it does, as on a lost machine."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)
        self.process = None

    def restart(self):
        if self.process is not None:
            self.stop()
        self.start()

    def stop(self):
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)
        self.process = None

    def output(self) -> str:
        return "\n".join(path.read_text(errors="replace") for path in sorted(self.log_dir.glob("worker-*.log")))


class Background:
    """What a real-worker test drives: its Redis, its worker, where the worker's emails go."""

    def __init__(self, *, redis: RedisServer, worker: Worker, email_dir: Path):
        self.redis = redis
        self.worker = worker
        self.email_dir = email_dir

    def stop_redis(self):
        self.redis.stop()

    def start_redis(self):
        self.redis.start()
        reset_broker_connections()

    def kill_worker(self):
        self.worker.kill()

    def restart_worker(self):
        self.worker.restart()

    wait_until = staticmethod(wait_until)

    def emails(self) -> list[str]:
        """The emails the worker sent (Django's file backend: one file per connection, messages separated by a
        line of dashes)."""
        messages = []
        for path in sorted(self.email_dir.glob("*.log")):
            messages += [part for part in path.read_text().split("-" * 79) if part.strip()]
        return messages


def reset_broker_connections():
    """Drop the Celery app's pooled broker connections: the next send opens a fresh one."""
    from kombu import pools

    from fabrique.celery import app

    # kombu keeps its pools in a registry of its own, keyed by connection: closing one pool would leave the
    # closed pool there for the next send; reset() closes and forgets them all.
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def background(transactional_db, settings, tmp_path, media_root):
    """A real worker and a Redis of the test's own (see the module's docstring)."""
    from .conftest import require

    require(
        connection.vendor == "postgresql",
        "needs PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/fabrique (see .ci/run)",
    )
    require(bool(shutil.which("redis-server")), "needs the redis-server binary: apt-get install redis-server")
    from fabrique.celery import app

    email_dir = tmp_path / "emails"
    email_dir.mkdir()
    redis = RedisServer(tmp_path)
    redis.start()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "fabrique.settings",
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": database_url(),
        "REDIS_URL": redis.url,
        "MEDIA_ROOT": str(media_root),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(email_dir),
        "PYTHONUNBUFFERED": "1",
    }
    # The test process sends to the same Redis, for real (tests/conftest.py makes jobs eager elsewhere).
    saved = {name: app.conf[name] for name in ("broker_url", "task_always_eager")}
    settings.CELERY_BROKER_URL = redis.url
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.broker_url = redis.url
    app.conf.task_always_eager = False
    reset_broker_connections()
    worker = Worker(redis=redis, log_dir=tmp_path, environment=environment)
    try:
        worker.start()
        yield Background(redis=redis, worker=worker, email_dir=email_dir)
    finally:
        worker.stop()
        redis.stop()
        for name, value in saved.items():
            app.conf[name] = value
        reset_broker_connections()
