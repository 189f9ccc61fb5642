"""docker-compose.yml and the Dockerfile point at what the project really has, and /health answers for them."""

import importlib
import re
import shlex
import urllib.request
from pathlib import Path

import environ
import pytest
import yaml
from celery import Celery
from celery.app.utils import find_app
from django.conf import settings as django_settings
from django.core.handlers.wsgi import WSGIHandler

import fabrique.health

BASE_DIR = Path(django_settings.BASE_DIR)
SERVICES = {"db", "redis", "web", "worker", "beat"}
APP_SERVICES = ["web", "worker", "beat"]


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def dockerfile():
    path = BASE_DIR / "Dockerfile"
    assert path.is_file(), "the Dockerfile is missing"
    # Continuation lines joined, so each instruction is one line.
    return path.read_text(encoding="utf-8").replace("\\\n", " ")


def command_line(service):
    """The service's command as one shell line (list or string form; an `sh -c` script is unwrapped)."""
    command = service["command"]
    if isinstance(command, str):
        command = shlex.split(command)
    if command[:2] == ["sh", "-c"]:
        return " ".join(command[2:])
    return shlex.join(command)


def healthcheck_text(service):
    test = service["healthcheck"]["test"]
    return test if isinstance(test, str) else " ".join(test)


def test_the_five_services_are_declared(compose):
    assert set(compose["services"]) == SERVICES


def test_web_migrates_collects_static_and_runs_the_wsgi_application_under_gunicorn(compose):
    steps = [step.strip() for step in command_line(compose["services"]["web"]).split("&&")]
    assert steps[0] == "python manage.py migrate --noinput"
    assert steps[1] == "python manage.py collectstatic --noinput"
    gunicorn = shlex.split(steps[2].removeprefix("exec "))
    assert gunicorn[0] == "gunicorn"
    assert "--bind" in gunicorn and gunicorn[gunicorn.index("--bind") + 1] == "0.0.0.0:8000"
    assert (BASE_DIR / "manage.py").is_file()

    module_name, attribute = gunicorn[1].split(":")
    assert (module_name, attribute) == ("fabrique.wsgi", "application")
    assert isinstance(getattr(importlib.import_module(module_name), attribute), WSGIHandler)


@pytest.mark.parametrize(("service", "program"), [("worker", "worker"), ("beat", "beat")])
def test_worker_and_beat_run_the_project_celery_app(compose, service, program):
    command = shlex.split(command_line(compose["services"][service]))
    assert command[:2] == ["celery", "-A"]
    assert command[3] == program
    # Resolved the way the celery command line resolves -A.
    app = find_app(command[2])
    assert isinstance(app, Celery)
    assert app is importlib.import_module("fabrique.celery").app
    assert app.main == "fabrique"


def test_web_worker_and_beat_are_built_from_the_dockerfile(compose, dockerfile):
    images = set()
    for name in APP_SERVICES:
        service = compose["services"][name]
        build = service["build"]
        if isinstance(build, str):
            build = {"context": build}
        assert (BASE_DIR / build.get("context", ".")).resolve() == BASE_DIR.resolve()
        assert build.get("dockerfile", "Dockerfile") == "Dockerfile"
        images.add(service.get("image"))
    assert len(images) == 1, "web, worker and beat must run the same image"


def test_image_installs_what_the_services_run_and_not_the_test_tools():
    """The Dockerfile installs requirements.txt up to its "# Tests and tooling" heading."""
    lines = (BASE_DIR / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert "# Tests and tooling" in lines
    runtime = lines[: lines.index("# Tests and tooling")]
    names = {re.split(r"[=<>\[ ]", line)[0].lower() for line in runtime if line and not line.startswith("#")}
    assert {"django", "gunicorn", "celery", "redis", "psycopg2-binary", "whitenoise", "weasyprint"} <= names
    assert not {"pytest", "playwright", "ruff"} & names


def test_dockerfile_installs_weasyprint_libraries_dependencies_and_runs_as_a_user(dockerfile):
    instructions = [line.strip() for line in dockerfile.splitlines() if line.strip() and not line.startswith("#")]
    froms = [line.split()[1] for line in instructions if line.upper().startswith("FROM ")]
    assert froms and all(image.startswith("python:3.11-slim") for image in froms)
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "nodejs", "npm"):
        assert re.search(rf"apt-get install\b.*\s{re.escape(package)}(\s|$)", dockerfile), package
    assert "npm ci" in dockerfile
    assert re.search(r"pip install .*requirements", dockerfile)
    users = [line.split()[1] for line in instructions if line.upper().startswith("USER ")]
    assert users and users[-1] not in {"root", "0"}


def test_dockerfile_copies_every_local_app(dockerfile):
    copied = {line.split()[1].rstrip("/") for line in dockerfile.splitlines() if line.startswith("COPY ")}
    local_apps = [app for app in django_settings.INSTALLED_APPS if (BASE_DIR / app).is_dir()]
    assert local_apps
    for folder in [*local_apps, "manage.py", "templates", "static", "locale"]:
        assert folder in copied, f"the Dockerfile does not copy {folder}"
    assert "." not in copied, "copying the whole folder would bring .env and the SQLite database into the image"


def test_environment_is_wired_and_holds_no_secret(compose):
    for name in APP_SERVICES:
        env = compose["services"][name]["environment"]
        assert env["DATABASE_URL"] == "postgres://fabrique:fabrique@db:5432/fabrique"
        database = environ.Env.db_url_config(env["DATABASE_URL"])
        assert (database["ENGINE"], database["HOST"], database["NAME"]) == (
            "django.db.backends.postgresql",
            "db",
            "fabrique",
        )
        assert env["REDIS_URL"] == "redis://redis:6379/0"
        assert str(env["DJANGO_DEBUG"]) == "0"
        assert env["SECRET_KEY"].startswith("${SECRET_KEY:?")
        assert env["ALLOWED_HOSTS"].startswith("${ALLOWED_HOSTS:?")


def test_services_wait_for_healthy_dependencies(compose):
    services = compose["services"]
    assert set(services["web"]["depends_on"]) == {"db", "redis"}
    # The worker and beat start once web has applied the migrations.
    assert {"web", "redis"} <= set(services["worker"]["depends_on"])
    assert {"web", "redis"} <= set(services["beat"]["depends_on"])
    for name in APP_SERVICES:
        for dependency, condition in services[name]["depends_on"].items():
            assert condition == {"condition": "service_healthy"}, (name, dependency)
            assert "healthcheck" in services[dependency]


def test_every_service_has_a_healthcheck(compose):
    services = compose["services"]
    for name in SERVICES:
        assert services[name]["healthcheck"]["test"], name
    assert "pg_isready" in healthcheck_text(services["db"])
    assert "redis-cli ping" in healthcheck_text(services["redis"])
    assert "http://127.0.0.1:8000/health" in healthcheck_text(services["web"])


def test_web_healthcheck_request_is_answered_in_production_settings(compose, client, db, settings, monkeypatch):
    """Runs the healthcheck's Python and replays its request: an allowed Host, and no HTTPS redirect."""
    test = compose["services"]["web"]["healthcheck"]["test"]
    assert test[:3] == ["CMD", "python", "-c"]
    requests = []
    monkeypatch.setattr(urllib.request, "urlopen", lambda request, timeout: requests.append(request))
    monkeypatch.setenv("ALLOWED_HOSTS", "fabrique.example.org,www.fabrique.example.org")
    exec(test[3], {})  # the healthcheck's own code, from the repository
    (request,) = requests
    assert request.full_url == "http://127.0.0.1:8000/health"

    settings.ALLOWED_HOSTS = ["fabrique.example.org", "www.fabrique.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/health", HTTP_HOST=request.get_header("Host"))
    assert response.status_code == 200
    assert client.get("/", HTTP_HOST=request.get_header("Host")).status_code == 301


def test_health_answers_ok(client, db):
    response = client.get("/health")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["status"] == "ok"
    assert response.json()["checks"]["database"] == "ok"


def test_health_answers_503_when_the_database_fails(client, db, monkeypatch):
    def broken_database():
        raise ConnectionError("database unreachable")

    monkeypatch.setattr(fabrique.health, "check_database", broken_database)
    response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert response.json()["checks"]["database"] == "error: ConnectionError"
