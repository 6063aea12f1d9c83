import type BetterSqlite3 from 'better-sqlite3';

/**
 * The migration names a database records in Earshot's schema_migrations (name, applied_at), in order,
 * or null when it has no such table: none at all, or another tool's of the same name (Rails' and
 * golang-migrate's have a `version` column instead), where reading `name` would be SQLite's error.
 */
export function readEarshotMigrations(raw: BetterSqlite3.Database): string[] | null {
  const columns = (raw.pragma('table_info(schema_migrations)') as { name: string }[]).map((c) => c.name).sort();
  if (columns.join(',') !== 'applied_at,name') return null;
  return (raw.prepare('SELECT name FROM schema_migrations ORDER BY name').all() as { name: string }[]).map((r) => r.name);
}
