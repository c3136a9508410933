import { setTimeout as sleep } from 'node:timers/promises';
import { resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/load-config';
import { EmbeddedDatabaseBusyError, isAlive } from '../platform/database/embedded-postgres';
import { readControlFile, type ControlEndpoint } from '../platform/local-control/control-file';
import type { ControlCommand } from '../platform/local-control/control-request';
import { DomainError } from '../shared/errors/domain-error';
import { withDatabase } from './with-database';

/** Asks the running app to run one command; its domain errors come back as DomainErrors. */
export type AskRunningApp = (command: ControlCommand, input: Record<string, unknown>) => Promise<unknown>;

/** An app that has just taken the database announces its control channel once it has booted. */
const ANNOUNCE_WAIT_MS = 60_000;
const POLL_MS = 250;

/**
 * Runs an operator command on the database directly, or, when the embedded database is held by a
 * running app (it is single-session), through that app's local control channel.
 */
export async function withDatabaseOrRunningApp<T>(
  config: AppConfig,
  direct: (dataSource: DataSource) => Promise<T>,
  viaApp: (ask: AskRunningApp) => Promise<T>,
): Promise<T> {
  try {
    return await withDatabase(config, direct);
  } catch (error) {
    if (!(error instanceof EmbeddedDatabaseBusyError)) throw error;
    const endpoint = await announcedEndpoint(resolve(config.REGUA_DATA_DIR), error.pid);
    if (!endpoint) {
      throw new Error(
        `${error.message} That process has not opened its control channel for the CLI ` +
          `(control.json in the data directory): if it is still starting, run the command again once it is ready; ` +
          'if it is an older Régua, stop it, run the command, and start it again.',
      );
    }
    return viaApp((command, input) => ask(endpoint, command, input));
  }
}

async function announcedEndpoint(dataDir: string, pid: number): Promise<ControlEndpoint | undefined> {
  const deadline = Date.now() + ANNOUNCE_WAIT_MS;
  for (let polls = 0; ; polls++) {
    const endpoint = readControlFile(dataDir);
    if (endpoint?.pid === pid) return endpoint;
    if (Date.now() >= deadline || !isAlive(pid)) return undefined;
    if (polls === 0)
      console.error(`Process ${pid} holds the embedded database; waiting for it to finish starting…`);
    await sleep(POLL_MS);
  }
}

async function ask(
  endpoint: ControlEndpoint,
  command: ControlCommand,
  input: Record<string, unknown>,
): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(`${endpoint.url}/${command}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${endpoint.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
  } catch {
    throw new Error(
      `The running app (process ${endpoint.pid}) holds the embedded database but does not answer at ${endpoint.url}; ` +
        'check it is healthy, or stop it and run the command again.',
    );
  }
  const body = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
  if (res.ok) return body;
  if (res.status === 422 && body.code && body.message)
    throw new DomainError(body.code, 'invalid', body.message);
  throw new Error(`The running app refused the command: ${body.message ?? `HTTP ${res.status}`}`);
}
