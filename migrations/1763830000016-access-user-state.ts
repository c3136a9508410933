import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * access: users can be disabled, and every login token names the user's token version, so a
 * password change or a disable ends the sessions already handed out.
 */
export class AccessUserState1763830000016 implements MigrationInterface {
  name = 'AccessUserState1763830000016';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE access.users
        ADD COLUMN disabled_at   timestamptz,
        ADD COLUMN token_version integer NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE access.users DROP COLUMN token_version, DROP COLUMN disabled_at`);
  }
}
