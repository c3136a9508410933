import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Letters folded to their plain lower-case form for search (translate() is immutable, unlike unaccent();
 * upper case is listed too because lower() leaves non-ASCII letters alone under the C locale).
 */
const ACCENTED =
  'áàâãäåāăąçćčďéèêëēėęěíìîïīįñńňóòôõöøōőřśšşťúùûüūůűųýÿžźżÁÀÂÃÄÅĀĂĄÇĆČĎÉÈÊËĒĖĘĚÍÌÎÏĪĮÑŃŇÓÒÔÕÖØŌŐŘŚŠŞŤÚÙÛÜŪŮŰŲÝŸŽŹŻ';
const PLAIN =
  'aaaaaaaaacccdeeeeeeeeiiiiiinnnoooooooorssstuuuuuuuuyyzzzaaaaaaaaacccdeeeeeeeeiiiiiinnnoooooooorssstuuuuuuuuyyzzz';

/**
 * Two changes of wave 1's hardening:
 * - messaging: redelivery counters (per RabbitMQ consumer and message; per in-process delivery row), so
 *   a message that kills its consumer's process is dead-lettered after MESSAGING_MAX_ATTEMPTS instead
 *   of being redelivered for ever;
 * - sync_ixc: stored search forms of a customer (name folded to lower case without accents; phone
 *   digits), so the open-billing search finds `jessica` in `Jéssica` and `(11) 98765-4321` in `+5511987654321`.
 */
export class RedeliveriesAndBillingSearch1763830000013 implements MigrationInterface {
  name = 'RedeliveriesAndBillingSearch1763830000013';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE messaging.redeliveries (
        consumer   text NOT NULL,
        message_id text NOT NULL,
        count      int NOT NULL DEFAULT 1,
        last_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, message_id)
      )`);
    await q.query(`ALTER TABLE messaging.local_deliveries ADD COLUMN deliveries int NOT NULL DEFAULT 0`);
    await q.query(`
      ALTER TABLE sync_ixc.customers
        ADD COLUMN search_name text GENERATED ALWAYS AS (
          translate(lower(name || ' ' || coalesce(trade_name, '')), '${ACCENTED}', '${PLAIN}')) STORED,
        ADD COLUMN search_phones text GENERATED ALWAYS AS (
          regexp_replace(coalesce(mobile_phone, '') || ' ' || coalesce(whatsapp, '') || ' ' || coalesce(landline, ''),
                         '[^0-9 ]', '', 'g')) STORED`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sync_ixc.customers DROP COLUMN search_name, DROP COLUMN search_phones`);
    await q.query(`ALTER TABLE messaging.local_deliveries DROP COLUMN deliveries`);
    await q.query(`DROP TABLE messaging.redeliveries`);
  }
}
