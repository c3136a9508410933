import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../../config/load-config';

function packageVersion(): string {
  // Works from sources and from dist/: package.json sits at the repository root in both layouts.
  for (const up of [
    ['..', '..', '..'],
    ['..', '..', '..', '..'],
  ]) {
    try {
      const pkg = JSON.parse(readFileSync(join(__dirname, ...up, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'regua' && pkg.version) return pkg.version;
    } catch {
      // try the next layout
    }
  }
  return '0.0.0';
}

export function buildInfo(config: Pick<AppConfig, 'BUILD_COMMIT'>): {
  version: string;
  commit: string;
  node_version: string;
} {
  return {
    version: packageVersion(),
    commit: config.BUILD_COMMIT ?? 'unknown',
    node_version: process.version,
  };
}
