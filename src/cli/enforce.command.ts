/**
 * `regua enforce`: starts a reconcile run on a running Régua through its HTTP API, waits for it and
 * prints the plan (or what was applied) as a table. The API does the work, so the CLI behaves the same
 * against a local demo and a production deployment, and needs only a URL and an API key.
 */
export interface EnforceOptions {
  url: string;
  apiKey: string;
  dryRun: boolean;
  users: string[];
  force: boolean;
  includeNoChange: boolean;
  timeoutMs: number;
  json: boolean;
}

interface RunView {
  id: string;
  status: string;
  phase: string;
  dryRun: boolean;
  accounts: number;
  usersListed: number;
  counts: Record<string, number>;
  planned: number;
  pending: number;
  applied: number;
  simulated: number;
  failed: number;
  skipped: number;
  heldReason: string | null;
  error: string | null;
  durationMs: number;
  actions: { items: ActionView[]; total: number };
}

interface ActionView {
  username: string;
  contract: string | null;
  action: string;
  from: string;
  to: string;
  fromValue: number | null;
  toValue: number | null;
  reason: string;
  outcome: string;
  error: string | null;
}

const PAGE = 100;

export async function enforceCommand(options: EnforceOptions, out: (line: string) => void = console.log) {
  const base = options.url.replace(/\/+$/, '');
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${options.apiKey}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    if (!response.ok) {
      const problem = safeJson(text) as { detail?: string; title?: string } | undefined;
      throw new Error(
        `${method} ${path} answered ${response.status}: ${problem?.detail ?? problem?.title ?? text}`,
      );
    }
    return JSON.parse(text) as T;
  };

  const started = await call<{ id: string }>('POST', '/api/v1/enforcement/runs', {
    dryRun: options.dryRun,
    force: options.force,
    ...(options.users.length > 0 ? { usernames: options.users } : {}),
  });
  const deadline = Date.now() + options.timeoutMs;
  let run = await call<RunView>('GET', `/api/v1/enforcement/runs/${started.id}?limit=1`);
  // A dry run or a held run is final once planned; a real run once every action settled.
  while (run.status === 'running') {
    if (Date.now() > deadline)
      throw new Error(`run ${run.id} still ${run.phase} after ${options.timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    run = await call<RunView>('GET', `/api/v1/enforcement/runs/${started.id}?limit=1`);
  }
  const actions: ActionView[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await call<RunView>(
      'GET',
      `/api/v1/enforcement/runs/${run.id}?limit=${PAGE}&offset=${offset}&includeNoChange=${options.includeNoChange}`,
    );
    actions.push(...page.actions.items);
    if (offset + PAGE >= page.actions.total) break;
  }
  if (options.json) {
    out(JSON.stringify({ ...run, actions }, null, 2));
  } else {
    for (const line of renderRun(run, actions)) out(line);
  }
  return run;
}

export function renderRun(run: RunView, actions: ActionView[]): string[] {
  const counts = Object.entries(run.counts)
    .map(([action, n]) => `${action}=${n}`)
    .join(' ');
  const lines = [
    `Run ${run.id}: ${run.status}${run.dryRun ? ' — DRY RUN, nothing written to Magnus' : ''}`,
    `  ${run.usersListed} Magnus users, ${run.accounts} with a contract; ${counts}; planned ${run.planned}, ${run.dryRun ? `simulated ${run.simulated}` : `applied ${run.applied}`}, failed ${run.failed}, skipped ${run.skipped}; ${(run.durationMs / 1000).toFixed(1)} s`,
  ];
  if (run.heldReason)
    lines.push(`  HELD by the safety breaker: ${run.heldReason} (re-run with --force to apply)`);
  if (run.error) lines.push(`  note: ${run.error}`);
  if (actions.length === 0) return [...lines, '', 'No actions.'];
  const rows = actions.map((a) => [
    a.username,
    a.contract ?? '—',
    a.action,
    `${a.from}${a.fromValue === null ? '' : ` (${a.fromValue})`} → ${a.to}${a.toValue === null ? '' : ` (${a.toValue})`}`,
    a.reason,
    a.outcome + (a.error ? `: ${a.error}` : ''),
  ]);
  return [...lines, '', ...table(['USER', 'CONTRACT', 'ACTION', 'FROM → TO', 'REASON', 'OUTCOME'], rows)];
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const format = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [format(header), format(widths.map((w) => '-'.repeat(w))), ...rows.map(format)];
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
