// The topic names stored in a database file, read without Earshot: what a backup or a restore holds.
import Database from 'better-sqlite3';

export function topicNamesIn(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('SELECT name FROM topics ORDER BY id').all() as { name: string }[]).map((t) => t.name);
  } finally {
    db.close();
  }
}
