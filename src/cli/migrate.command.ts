import type { AppConfig } from '../config/load-config';
import { withDatabase } from './with-database';

export async function migrateCommand(config: AppConfig, options: { revert: boolean }): Promise<void> {
  await withDatabase(config, async (dataSource) => {
    if (options.revert) {
      await dataSource.undoLastMigration({ transaction: 'each' });
      console.log('Reverted the most recent migration.');
      return;
    }
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    console.log(
      applied.length === 0
        ? 'Database is up to date: no pending migrations.'
        : `Applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}`,
    );
  });
}
