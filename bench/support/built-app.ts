import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { profilingFlags, ROOT, spawnProcess, type RunningProcess } from '../../test/support/app-process';

const DIST = join(ROOT, 'dist', 'src');

/**
 * Compiles the server as `npm run build` does (`nest build`; the console's assets are left out, no
 * benchmark reads them), so that a benchmark measures the JavaScript production runs, not ts-node's
 * compilation on the fly and its source-map hooks on every stack trace.
 */
export async function buildApp(): Promise<void> {
  console.error('building the server (nest build)…');
  const nest = join(ROOT, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js');
  const build = spawnProcess(process.execPath, [nest, 'build'], {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
  });
  const code = await build.exited;
  if (code !== 0 || !existsSync(join(DIST, 'main.js')))
    throw new Error(`nest build failed: ${build.stderr()}${build.stdout()}`);
}

/** Starts the compiled server (what `npm run start:prod` runs) with `env`. */
export function runBuiltApp(env: NodeJS.ProcessEnv): RunningProcess {
  return spawnProcess(process.execPath, [...profilingFlags(), join(DIST, 'main.js')], env);
}

/** Runs the compiled CLI (`regua <args>`, e.g. `simulators`) with `env`. */
export function runBuiltCli(args: string[], env: NodeJS.ProcessEnv): RunningProcess {
  return spawnProcess(process.execPath, [join(DIST, 'cli', 'main.js'), ...args], env);
}
