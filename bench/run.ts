/**
 * `npm run bench -- <name>`: runs bench/<name>.bench.ts against the local services. Each benchmark
 * prints, as its last line, one JSON object: {"name", "figures", "targets"}.
 */
import 'reflect-metadata';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

async function main(): Promise<void> {
  const available = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .map((f) => f.replace(/\.bench\.ts$/, ''));
  const name = process.argv[2];
  if (!name || !available.includes(name)) {
    console.error(`Usage: npm run bench -- <name>\nAvailable: ${available.join(', ')}`);
    process.exit(2);
  }
  const file = join(__dirname, `${name}.bench.ts`);
  if (!existsSync(file)) throw new Error(`No benchmark at ${file}`);
  const { run } = (await import(file)) as { run: (args: string[]) => Promise<Record<string, unknown>> };
  const result = await run(process.argv.slice(3));
  console.log(JSON.stringify(result));
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
