import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, ConsoleMessage, Page, chromium } from 'playwright-core';
import { REPO_ROOT } from './spawn-app';

// The functions handed to the page run in Chromium, where these exist; the project's types are Node's.
declare const window: any, document: any;

/** Where browser tests leave their screenshots (ignored by git). */
export const ARTIFACTS_DIR = join(REPO_ROOT, 'test', 'artifacts');

/** The viewport of every page a test opens, and of the README screenshots. */
export const VIEWPORT = { width: 1280, height: 900 };

/** Debian's Chromium, headless; one a test file (close it in afterAll). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A page with everything it reported that a user's browser would flag: console errors (CSP refusals among them) and uncaught exceptions. */
export interface WatchedPage {
  page: Page;
  problems: string[];
  /** Fails with every problem reported so far, if any. */
  expectNoProblems(): void;
  close(): Promise<void>;
}

/** Opens `url` in a fresh context (no shared cookies between tests) and watches it from its first byte. */
export async function openPage(browser: Browser, url: string): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  // A CSP refusal also reaches the console in Chromium; the event names the directive and the blocked address.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event: any) => {
      console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || '(inline)'}`);
    });
  });
  const response = await page.goto(url, { waitUntil: 'load' });
  if (!response || response.status() !== 200) problems.push(`GET ${url}: ${response?.status() ?? 'no response'}`);
  return {
    page,
    problems,
    expectNoProblems: () => expect(problems).toEqual([]),
    close: () => context.close(),
  };
}

/** An accessibility rule axe found broken, with the elements that break it. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

let axeSource: string | undefined;

/**
 * Runs axe-core in the page and answers its serious and critical violations. The source is
 * evaluated through the DevTools protocol, which the page's CSP does not govern (a script tag
 * with inline content would be refused, as it should be).
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  const violations: AxeViolation[] = await page.evaluate(async () => {
    const results = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return results.violations.map((v: any) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n: any) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** The violations as a reader fixes them: rule, impact, what it asks, and up to five elements with why each fails. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations.map((v) => [
    `${v.id} (${v.impact}): ${v.help}`,
    ...v.nodes.slice(0, 5).map((n) => `    ${JSON.stringify(n.target)}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`),
  ].join('\n')).join('\n');
}

/** Saves a full-page PNG under test/artifacts/ (or `dir`) and answers its path. */
export async function saveScreenshot(page: Page, name: string, dir = ARTIFACTS_DIR, fullPage = true): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage, type: 'png' });
  return path;
}
