/**
 * The browser tests' world: the web app built into a fresh folder, a real server on port 0 (embedded PGlite with
 * demo data) serving it, and one headless Debian Chromium. Building per run (under a second) keeps a fresh clone,
 * a stale dist and parallel runs all correct.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { testRateLimitsEnv } from '@tix/api/testing';
import { createClient, type TixClient } from '@tix/sdk';
import { parseEnv, startServer, type RunningServer } from '@tix/server';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, onTestFailed } from 'vitest';

const webRoot = fileURLToPath(new URL('../..', import.meta.url));
export const artifactsDir = fileURLToPath(new URL('../../../../test-artifacts/web', import.meta.url));

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Builds the app (or another entry of it). Vitest sets NODE_ENV=test, which Vite and the React plugin keep: React's
 * development build, with its checks and double effects. `production` builds what users get, for measuring; the
 * variable is the build's only switch for both, so it is set for the build's duration.
 */
export async function buildWeb(options: {
  root: string;
  outDir: string;
  production: boolean;
  input?: string;
}): Promise<void> {
  const before = process.env.NODE_ENV;
  if (options.production) process.env.NODE_ENV = 'production';
  try {
    await build({
      root: options.root,
      logLevel: 'warn',
      build: {
        outDir: options.outDir,
        emptyOutDir: true,
        sourcemap: false,
        // The development build (React's checks included) is knowingly over the config's 600 kB warning.
        ...(options.production ? {} : { chunkSizeWarningLimit: 2_000 }),
        ...(options.input ? { rollupOptions: { input: options.input } } : {}),
      },
    });
  } finally {
    process.env.NODE_ENV = before;
  }
}

export interface WebStack {
  url: string;
  server: RunningServer;
  browser: Browser;
  admin: TixClient;
  close(): Promise<void>;
}

/**
 * `rateLimits`: the server's RATE_LIMITS, for tests of the limits (others get generous ones); `serverEnv`: more of
 * the server's environment (a test of load shedding sets its limits); `production`: React's production build.
 */
export async function startWebStack(
  options: { rateLimits?: string; serverEnv?: Record<string, string>; production?: boolean } = {},
): Promise<WebStack> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium not found at ${chromiumPath}: apt-get install -y chromium (or set CHROMIUM_PATH)`,
    );
  }
  const tmp = mkdtempSync(path.join(tmpdir(), 'tix-web-'));
  const dist = path.join(tmp, 'dist');
  await buildWeb({ root: webRoot, outDir: dist, production: options.production ?? false });
  const server = await startServer(
    parseEnv({
      PORT: '0',
      DATA_DIR: path.join(tmp, 'data'),
      WEB_DIST: dist,
      LOG_LEVEL: 'silent',
      // Every page of every test signs in from 127.0.0.1; limits have tests of their own.
      RATE_LIMITS: options.rateLimits ?? testRateLimitsEnv,
      // Chromium shares the loaded machine: its stalls must not make the server shed the page's calls.
      SHED_MAX_EVENT_LOOP_DELAY_MS: '60000',
      SHED_MAX_DATABASE_WAIT_MS: '60000',
      ...options.serverEnv,
    }),
  );
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    // A fresh profile per launch; no background traffic, so the tests see only the app's own requests.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  const admin = createClient({ url: server.url });
  const { sessionToken } = await admin.auth.signIn.mutate({ username: 'admin', password: 'admin-pass-123' });
  admin.setSessionToken(sessionToken);
  mkdirSync(artifactsDir, { recursive: true });
  return {
    url: server.url,
    server,
    browser,
    admin,
    async close() {
      await browser.close();
      await server.close();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** Starts one stack for the enclosing describe block and closes it after; call the result inside a test. */
export function useWebStack(): () => WebStack {
  let stack: WebStack | undefined;
  beforeAll(async () => {
    stack = await startWebStack();
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });
  return () => stack!;
}

export const desktop = { width: 1280, height: 900 };
export const phone = { width: 390, height: 844 };

/** A page whose console errors and uncaught exceptions are collected; `assertClean` fails the test on any. */
export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  errors: string[];
  assertClean(): void;
}

export async function openPage(stack: WebStack, viewport = desktop): Promise<WatchedPage> {
  const context = await stack.browser.newContext({ viewport, baseURL: stack.url });
  const errors: string[] = [];
  const page = await context.newPage();
  // Chromium reports most CSP refusals on the console too, but the event is the contract: any violation fails.
  await page.exposeFunction('__tixCspViolation', (text: string) => errors.push(`csp: ${text}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __tixCspViolation(text: string): void }).__tixCspViolation;
      report(
        `${e.effectiveDirective} refused ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`,
      );
    });
  });
  // Generous for a loaded 2-core machine, yet a broken step fails with its own message before the test timeout.
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
  const trace: string[] = [];
  page.on('console', (msg) => {
    trace.push(`${new Date().toISOString()} ${msg.type()}: ${msg.text()}`);
    if (msg.type() !== 'error') return;
    // The API answers expected refusals (seat taken, not admitted yet) with 4xx, which Chromium logs as a failed
    // resource load. Those are the app working; anything else (a 5xx, a missing asset, console.error) is a failure.
    const apiRefusal = /status of 4\d\d/.test(msg.text()) && msg.location().url.includes('/trpc/');
    if (!apiRefusal) errors.push(`console: ${msg.text()} (${msg.location().url})`);
  });
  page.on('dialog', (dialog) => void dialog.accept());
  page.on('response', (res) => trace.push(`${new Date().toISOString()} ${res.status()} ${res.url()}`));
  page.on('requestfailed', (req) => trace.push(`${new Date().toISOString()} failed ${req.url()}`));
  // A failed step leaves a picture of the page and what the browser said, so a CI failure can be read afterwards.
  const name = `failed-${uniqueName('page')}`;
  onTestFailed(async () => {
    await page.screenshot({ path: path.join(artifactsDir, `${name}.png`), fullPage: true }).catch(() => {});
    writeFileSync(path.join(artifactsDir, `${name}.txt`), `${page.url()}\n${trace.join('\n')}\n`);
  });
  return {
    context,
    page,
    errors,
    assertClean() {
      if (errors.length > 0) throw new Error(`browser errors:\n${errors.join('\n')}`);
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(artifactsDir, `${name}.png`), fullPage: true });
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${Math.random().toString(36).slice(2, 8)}`;
}

/** Signs up a new buyer through the form and waits for the signed-in header. */
export async function signUp(page: Page, username: string, password = 'buyer-pass-1'): Promise<void> {
  await page.goto('/signin');
  await page.getByRole('button', { name: 'Create an account' }).click();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Confirm password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('button', { name: /Sign out/ }).waitFor();
}
