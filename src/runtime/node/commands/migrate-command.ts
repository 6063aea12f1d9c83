import { migrateToLatest } from '../../../storage/migrate';
import { loadNodeConfig } from '../load-node-config';
import { openSqlite } from '../open-sqlite';
import type { CommandIo } from './command-io';
import { withConfig } from './with-config';

export async function run(_args: string[], io: CommandIo): Promise<number> {
  return withConfig(io, async () => {
    const config = loadNodeConfig(io.env);
    const { db } = openSqlite(config.EARSHOT_DB);
    try {
      const result = await migrateToLatest(db, Date.now());
      io.stdout.write(result.applied.length ? `applied: ${result.applied.join(', ')}\n` : 'database is up to date\n');
      return 0;
    } finally {
      await db.destroy();
    }
  });
}
