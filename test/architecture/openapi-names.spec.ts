import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(entry.name) ? [path] : [];
  });
}

/**
 * @nestjs/swagger names each schema by its class: two DTO classes of one name in different contexts
 * silently share (or, in its next major, fail) one schema in /docs-json. Every class that declares an API
 * property has a name of its own.
 */
describe('OpenAPI schema names', () => {
  it('are unique across the DTO classes of every context', () => {
    const owners = new Map<string, string[]>();
    for (const file of sourceFiles('src')) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      if (!text.includes('@ApiProperty')) continue;
      for (const [, name] of text.matchAll(/^export class (\w+)/gm)) {
        if (name!.endsWith('Controller')) continue;
        owners.set(name!, [...(owners.get(name!) ?? []), file]);
      }
    }
    expect(owners.size).toBeGreaterThan(50);
    expect([...owners].filter(([, files]) => files.length > 1)).toEqual([]);
  });
});
