// Prints the services the test suite cannot reach (one per line); exit 0 when all are reachable.
const { Client } = require('pg');
const amqp = require('amqplib');

const pgUrl = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const amqpUrl = process.env.TEST_AMQP_URL || 'amqp://guest:guest@127.0.0.1:5672';

async function postgres() {
  const client = new Client({ connectionString: pgUrl, connectionTimeoutMillis: 3000 });
  await client.connect();
  await client.query('SELECT 1');
  await client.end();
}

async function rabbitmq() {
  const connection = await amqp.connect(amqpUrl, { timeout: 3000 });
  await connection.close();
}

(async () => {
  const missing = [];
  for (const [name, check] of [
    ['postgres', postgres],
    ['rabbitmq', rabbitmq],
  ]) {
    try {
      await check();
    } catch (error) {
      missing.push(name);
      if (process.env.VERBOSE) console.error(`${name}: ${error.message}`);
    }
  }
  if (missing.length) console.log(missing.join('\n'));
  process.exit(missing.length ? 1 : 0);
})();
