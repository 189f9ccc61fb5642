# The two commands of the README: `make run` and `make test`. Everything else is a step of theirs.
VENV := .venv
PY := $(VENV)/bin/python
PYTHON ?= python3

.PHONY: run test install migrate data translations messages lint format check-deploy benchmark-territories

run: install migrate translations data
	@echo ""
	@echo "Fabrique tourne sur http://127.0.0.1:8000 (Ctrl+C pour arrêter)."
	@echo "Comptes de démonstration (mot de passe : Fabrique-demo-2026) :"
	@echo "  coordination@demo.fabrique.fr, referent@demo.fabrique.fr, partenaire@demo.fabrique.fr, admin@demo.fabrique.fr"
	$(PY) manage.py runserver 127.0.0.1:8000

test: install translations
	DJANGO_DEBUG=1 $(PY) -m pytest $(PYTEST_ARGS)

install: $(VENV)/.installed node_modules/.installed .env

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Development settings for the local checkout only; production sets its own environment.
.env:
	printf 'DJANGO_DEBUG=1\n' > .env

migrate:
	$(PY) manage.py migrate --noinput

translations:
	$(PY) manage.py compile_translations

# After adding or changing a plural string: French's plural rule for it (needs GNU gettext).
messages:
	$(PY) manage.py french_plurals

data:
	$(PY) manage.py load_territories
	$(PY) manage.py seed_demo

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format:
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check-deploy:
	DJANGO_DEBUG=0 SECRET_KEY=check-deploy-only-$$(date +%s)-a-long-random-looking-value-for-the-check ALLOWED_HOSTS=fabrique.example $(PY) manage.py check --deploy --fail-level WARNING

benchmark-territories:
	$(PY) manage.py load_territories --all
