import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where a running app that holds the embedded database can be asked to run operator commands. Lives
 * in the data directory and is readable by its owner only: whoever may read it may also read the
 * database files themselves, so it grants nothing more.
 */
export interface ControlEndpoint {
  pid: number;
  url: string;
  token: string;
}

const CONTROL_FILE = 'control.json';

export function writeControlFile(dataDir: string, endpoint: ControlEndpoint): void {
  const file = join(dataDir, CONTROL_FILE);
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, JSON.stringify(endpoint), { mode: 0o600 });
  renameSync(partial, file);
}

export function readControlFile(dataDir: string): ControlEndpoint | undefined {
  try {
    const parsed = JSON.parse(readFileSync(join(dataDir, CONTROL_FILE), 'utf8')) as Partial<ControlEndpoint>;
    const { pid, url, token } = parsed;
    if (typeof pid !== 'number' || typeof url !== 'string' || typeof token !== 'string') return undefined;
    return { pid, url, token };
  } catch {
    return undefined;
  }
}

/** Removes the file only when this process wrote it (a newer process may have replaced it). */
export function removeControlFile(dataDir: string): void {
  if (readControlFile(dataDir)?.pid === process.pid) rmSync(join(dataDir, CONTROL_FILE), { force: true });
}
