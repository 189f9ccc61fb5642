"""Full-text search of the initiatives library on PostgreSQL: extensions, a French configuration that
ignores accents, the trigger that keeps the search vector up to date, and the indexes the search reads.

Nothing here runs on SQLite, where the library falls back to plain containment.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

CONFIG = """
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'fabrique_fr') THEN
        CREATE TEXT SEARCH CONFIGURATION fabrique_fr (COPY = pg_catalog.french);
        ALTER TEXT SEARCH CONFIGURATION fabrique_fr
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
    END IF;
END
$$;
"""

# Title first (A), then the tags, summary and structure (B), then the longer texts (C).
TRIGGER = """
CREATE OR REPLACE FUNCTION projects_initiative_search_vector() RETURNS trigger AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('fabrique_fr', coalesce(NEW.title, '')), 'A')
        || setweight(to_tsvector('fabrique_fr',
            coalesce(NEW.tags, '') || ' ' || coalesce(NEW.summary, '') || ' ' || coalesce(NEW.structure_name, '')
        ), 'B')
        || setweight(to_tsvector('fabrique_fr',
            coalesce(NEW.description, '') || ' ' || coalesce(NEW.results, '') || ' '
            || coalesce(NEW.replication_conditions, '') || ' ' || coalesce(NEW.economic_model, '')
        ), 'C');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS projects_initiative_search_vector ON projects_initiative;
CREATE TRIGGER projects_initiative_search_vector
    BEFORE INSERT OR UPDATE OF title, tags, summary, structure_name, description, results,
        replication_conditions, economic_model
    ON projects_initiative
    FOR EACH ROW EXECUTE FUNCTION projects_initiative_search_vector();

-- Rows written before the trigger existed.
UPDATE projects_initiative SET title = title;

CREATE INDEX IF NOT EXISTS initiative_search_vector ON projects_initiative USING gin (search_vector);
CREATE INDEX IF NOT EXISTS initiative_title_trgm ON projects_initiative USING gin (lower(title) gin_trgm_ops);
"""

REVERSE = """
DROP INDEX IF EXISTS initiative_title_trgm;
DROP INDEX IF EXISTS initiative_search_vector;
DROP TRIGGER IF EXISTS projects_initiative_search_vector ON projects_initiative;
DROP FUNCTION IF EXISTS projects_initiative_search_vector();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CONFIG)
        schema_editor.execute(TRIGGER)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REVERSE)


class Migration(migrations.Migration):
    dependencies = [("projects", "0006_initiatives")]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunPython(forwards, backwards),
    ]
