"""Schema v10 on PostgreSQL: no column of the store sampled into the planner's statistics.

``ANALYZE`` (autovacuum runs it by itself) copies sampled column values into
the catalogue ``pg_statistic``, out of an erasure's reach; see the v10 note in
:mod:`survey.store.schema`.
"""

from __future__ import annotations

# Statistics target 0 on every column of the store's tables (those that exist), so ANALYZE samples none.
NO_PLANNER_SAMPLES = """DO $$
DECLARE col record;
BEGIN
  FOR col IN
    SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    WHERE c.oid IN (SELECT to_regclass(t) FROM unnest(ARRAY[
        'schema_version', 'responses', 'envelopes', 'contacts', 'consents', 'receipts', 'access_codes',
        'imports', 'audit_log', 'erasures', 'releases', 'invitations', 'budget_totals', 'erased_sources',
        'web_sessions', 'web_limits', 'kept_erasures', 'kept_erased_sources', 'store_identity', 'transfers',
        'waves', 'release_waves', 'wave_totals'
      ]) AS t)
      AND a.attnum > 0 AND NOT a.attisdropped AND COALESCE(a.attstattarget, -1) <> 0
  LOOP
    EXECUTE format('ALTER TABLE %I ALTER COLUMN %I SET STATISTICS 0', col.relname, col.attname);
  END LOOP;
END $$"""
