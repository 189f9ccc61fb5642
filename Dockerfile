# The one image behind the web, worker and beat services of docker-compose.yml.
#
# Bookworm is pinned (rather than the moving "slim" tag) so the Debian package names below stay valid
# and match the Debian 12 machines the tests run on.

# Stage 1: the npm packages (Bootstrap, htmx, the official geography). Node is needed only to install them.
FROM python:3.11-slim-bookworm AS npm-packages
RUN apt-get update \
    && apt-get install --yes --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --omit=dev

# Stage 2: the application.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=fabrique.settings

# WeasyPrint 70 loads Pango, PangoFT2, HarfBuzz (with its subsetter) and Fontconfig at run time; the slim
# image ships no fonts, so PDFs need at least one family installed.
RUN apt-get update \
    && apt-get install --yes --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        libharfbuzz-subset0 \
        libfontconfig1 \
        fonts-dejavu-core \
        fonts-liberation \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system fabrique \
    && useradd --system --gid fabrique --home-dir /home/fabrique --create-home --shell /usr/sbin/nologin fabrique

WORKDIR /app

# Only the runtime part of requirements.txt: the test and lint tools (Playwright, pytest, ruff) stay out of
# the production image. If the "# Tests and tooling" heading ever disappears, everything is installed.
COPY requirements.txt ./
RUN sed '/^# Tests and tooling/,$d' requirements.txt > /tmp/requirements-runtime.txt \
    && pip install --requirement /tmp/requirements-runtime.txt \
    && rm /tmp/requirements-runtime.txt

COPY --from=npm-packages /build/node_modules ./node_modules

# The project is copied folder by folder so that a developer's .env, SQLite database, media and virtualenv
# never end up in the image (tests/fabrique/test_deployment.py checks every local app is listed here).
COPY manage.py ./
COPY core ./core
COPY fabrique ./fabrique
COPY territories ./territories
COPY projects ./projects
COPY governance ./governance
COPY templates ./templates
COPY static ./static
COPY locale ./locale

# The .mo files are not versioned. Settings refuse to load without a key when DEBUG is off; this one only
# exists during this build step.
RUN SECRET_KEY=image-build-only python manage.py compile_translations \
    && mkdir -p /app/staticfiles /app/media \
    && chown fabrique:fabrique /app/staticfiles /app/media

USER fabrique

EXPOSE 8000

CMD ["gunicorn", "fabrique.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
