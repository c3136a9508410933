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

/**
 * Runs a TypeScript entry point of the repo (src/main.ts, src/cli/main.ts) as a real process. With
 * `APP_CPU_PROFILE_DIR` set (benchmarks), the app's main script writes a V8 CPU profile there on exit
 * (`node --cpu-prof`, which NODE_OPTIONS cannot carry).
 */
export function runScript(script: string, args: string[], env: NodeJS.ProcessEnv): RunningProcess {
  const profileDir = script === 'src/main.ts' ? process.env.APP_CPU_PROFILE_DIR : undefined;
  const [command, prefix] = profileDir
    ? [process.execPath, ['--cpu-prof', '--cpu-prof-dir', profileDir, TS_NODE]]
    : [TS_NODE, []];
  const child = spawn(command, [...prefix, '--swc', script, ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
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
