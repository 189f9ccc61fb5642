"""The real cost of pg_trgm's word similarity, so that the planner reads the library's GIN trigram index.

pg_trgm declares its operators as cheap as an equality (COST 1), while a word similarity costs about a hundred
times more: with 5,000 initiatives the planner then preferred testing every title (20 to 40 ms) to reading the
index (4 ms). A database role that does not own the extension (a managed PostgreSQL) cannot change it: the search
still answers, by scanning. A restored dump also resets the cost (extension members are not dumped): run this
migration's SQL again after a restore.
"""

from django.db import migrations

COST = """
DO $$
BEGIN
    ALTER FUNCTION word_similarity_op(text, text) COST 250;
    ALTER FUNCTION word_similarity_commutator_op(text, text) COST 250;
EXCEPTION WHEN insufficient_privilege OR undefined_function THEN
    RAISE NOTICE 'pg_trgm word similarity cost left as it was: %', SQLERRM;
END
$$;
"""

RESET = """
DO $$
BEGIN
    ALTER FUNCTION word_similarity_op(text, text) COST 1;
    ALTER FUNCTION word_similarity_commutator_op(text, text) COST 1;
EXCEPTION WHEN insufficient_privilege OR undefined_function THEN
    NULL;
END
$$;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(COST, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(RESET, params=None)


class Migration(migrations.Migration):
    dependencies = [("projects", "0008_dashboard_covering_indexes")]

    operations = [migrations.RunPython(forwards, backwards)]
