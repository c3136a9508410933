import { readdirSync, readFileSync } from 'node:fs';

/** CPU seconds (user + system) a process has used so far (Linux `/proc/<pid>/stat`, 100 ticks a second). */
export function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0; // the process ended in between
  }
}

/** CPU seconds of the Postgres backends serving `database` now (the app's pool keeps its connections). */
export function postgresCpuSeconds(database: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.startsWith('postgres:') && cmdline.includes(` ${database} `))
        out.set(Number(entry), cpuSeconds(Number(entry)));
    } catch {
      // not ours to read, or gone
    }
  }
  return out;
}

export interface CpuReading {
  app: number;
  pg: Map<number, number>;
}

/** A reading of the app process's CPU and its database backends' (CPU time does not depend on how many
 * other processes share the cores, unlike rates: the benchmark box is often shared). */
export function cpuReading(pid: number, database: string): CpuReading {
  return { app: cpuSeconds(pid), pg: postgresCpuSeconds(database) };
}

/** CPU the app and its database backends spent between two readings, in seconds. */
export function cpuBetween(before: CpuReading, after: CpuReading): { app: number; pg: number } {
  let pg = 0;
  for (const [pid, seconds] of after.pg) pg += seconds - (before.pg.get(pid) ?? 0);
  return { app: after.app - before.app, pg };
}
