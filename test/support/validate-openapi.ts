import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Validates an OpenAPI document with @apidevtools/swagger-parser. It is an ES module that Jest's CJS
 * runtime cannot load, so it runs in a plain Node process. Returns the validator's error, or null.
 */
export function openApiProblems(document: unknown): string | null {
  const script = `
    let input = '';
    process.stdin.on('data', (c) => (input += c)).on('end', async () => {
      const { default: parser } = await import('@apidevtools/swagger-parser');
      try { await parser.validate(JSON.parse(input)); process.stdout.write('ok'); }
      catch (e) { process.stdout.write(String(e.message)); }
    });`;
  const out = execFileSync(process.execPath, ['-e', script], {
    cwd: join(__dirname, '..', '..'),
    input: JSON.stringify(document),
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  return out === 'ok' ? null : out;
}
