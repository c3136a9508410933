import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { consoleDirectory } from '../../src/platform/console/serve-console';

const ROOT = join(__dirname, '..', '..');
export const SCREENSHOTS = join(ROOT, 'test-results', 'screens');

/** Debian's chromium (scripts/test.sh installs it); CHROMIUM_PATH overrides. Playwright's own download is not used. */
export function chromiumPath(): string {
  const candidates = [
    process.env.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
  ].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(p));
  if (!found)
    throw new Error(
      `No Chromium found (tried ${candidates.join(', ')}). Install it: apt-get install -y chromium ` +
        '(scripts/test.sh does it when run as root), or set CHROMIUM_PATH.',
    );
  return found;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds the console (vite) when dist/web is missing or older than its sources: the app serves what is built. */
export function ensureConsoleBuilt(): void {
  const index = join(consoleDirectory(), 'index.html');
  const sources = Math.max(
    newestMtime(join(ROOT, 'web', 'src')),
    statSync(join(ROOT, 'web', 'index.html')).mtimeMs,
  );
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  execFileSync(
    join(ROOT, 'node_modules', '.bin', 'vite'),
    ['build', '--config', 'web/vite.config.mts', '--logLevel', 'warn'],
    {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, NODE_OPTIONS: '' },
    },
  );
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    // Root in a container: no user namespaces for the sandbox. Small /dev/shm on CI machines.
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--lang=pt-BR'],
  });
}

/** Every console error and uncaught exception of the page, to fail the test on. */
export function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  return errors;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * Runs in the page (a string: this project's Node typings have no DOM): every visible input, select, textarea,
 * button and link without an accessible name (label, aria-label, aria-labelledby, title or text).
 */
const UNLABELLED_CONTROLS = `(() => {
  const problems = [];
  for (const el of document.querySelectorAll('input, select, textarea, button, a[href]')) {
    if (el.type === 'hidden') continue;
    const aria = (el.getAttribute('aria-label') || '').trim() || el.getAttribute('aria-labelledby') || el.getAttribute('title');
    if (aria) continue;
    if (el.tagName === 'BUTTON' || el.tagName === 'A') {
      if ((el.textContent || '').trim()) continue;
    } else if (el.labels && Array.from(el.labels).some((l) => (l.textContent || '').trim())) {
      continue;
    }
    problems.push(el.outerHTML.slice(0, 160));
  }
  return problems;
})()`;

export function unlabelledControls(page: Page): Promise<string[]> {
  return page.evaluate(UNLABELLED_CONTROLS) as Promise<string[]>;
}

/** How far the page is wider than the viewport (0: no horizontal scrolling). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(
    'document.documentElement.scrollWidth - document.documentElement.clientWidth',
  ) as Promise<number>;
}
