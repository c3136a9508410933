import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { eventually } from './eventually';

export const ROOT = join(__dirname, '..', '..');
const TS_NODE = join(ROOT, 'node_modules', '.bin', 'ts-node');

/** The environment of a fresh machine: none of Régua's settings, whatever the test runner has. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'test' };
  return { ...env, ...extra };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RunningProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
}

/** Spawns `command` in the repo's root with `env`, collecting its output. */
export function spawnProcess(command: string, args: string[], env: NodeJS.ProcessEnv): RunningProcess {
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/**
 * Node's flags for the app's main script: with `APP_CPU_PROFILE_DIR` set (benchmarks), it writes a V8
 * CPU profile there on exit (`node --cpu-prof`, which NODE_OPTIONS cannot carry).
 */
export function profilingFlags(): string[] {
  const dir = process.env.APP_CPU_PROFILE_DIR;
  return dir ? ['--cpu-prof', '--cpu-prof-dir', dir] : [];
}

/** Runs a TypeScript entry point of the repo (src/main.ts, src/cli/main.ts) as a real process. */
export function runScript(script: string, args: string[], env: NodeJS.ProcessEnv): RunningProcess {
  const flags = script === 'src/main.ts' ? profilingFlags() : [];
  return flags.length > 0
    ? spawnProcess(process.execPath, [...flags, TS_NODE, '--swc', script, ...args], env)
    : spawnProcess(TS_NODE, ['--swc', script, ...args], env);
}

export async function runToEnd(script: string, args: string[], env: NodeJS.ProcessEnv) {
  const run = runScript(script, args, env);
  const code = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

export async function waitReady(baseUrl: string, timeoutMs = 60_000): Promise<void> {
  await eventually(
    async () => {
      const res = await fetch(`${baseUrl}/readyz`);
      return res.status === 200;
    },
    { timeoutMs, intervalMs: 250, description: `${baseUrl}/readyz to answer 200` },
  );
}

export function jsonLines(text: string): Array<Record<string, unknown>> {
  return text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
