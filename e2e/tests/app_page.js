// The page object for the KubeStep page: browser launch, the data-testid selectors, and
// polling helpers that fail with the last value seen and any errors the page logged.
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssertionError } from 'node:assert';
import { chromium } from 'playwright-core';

export const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:8080/';
export const STEP_COUNT = 8;
/** How long to wait for anything the app should show (first load compiles the wasm). */
export const TIMEOUT = Number(process.env.E2E_TIMEOUT_MS ?? 30_000);
/** Per-test limit for node:test. */
export const TEST_TIMEOUT = 4 * TIMEOUT;
/** Screenshots go to target/e2e/ at the repository root. */
export const ARTIFACTS = resolve(dirname(fileURLToPath(import.meta.url)), '../../target/e2e');

// Root on CI needs --no-sandbox; the rest keep Chromium from reaching hosts it can't.
const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

/** Debian's Chromium; playwright-core gives each launch a fresh temporary profile dir. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

const clean = (text) => (text ?? '').replace(/\s+/g, ' ').trim();

/** Polls `read` until `accept(value)` holds; otherwise fails saying what was last seen. */
export async function waitUntil(read, accept, { timeout = TIMEOUT, what, page } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  let lastError;
  for (;;) {
    try {
      last = await read();
      lastError = undefined;
      if (accept(last)) return last;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) break;
    await new Promise((done) => setTimeout(done, 100));
  }
  let message = `timed out after ${timeout} ms waiting for ${what ?? 'a condition'}`;
  message += `\n  last value: ${JSON.stringify(last)}`;
  if (lastError) message += `\n  last error: ${lastError.message.split('\n')[0]}`;
  if (page?.errors.length) message += `\n  page errors:\n    ${page.errors.join('\n    ')}`;
  throw new AssertionError({ message });
}

export class AppPage {
  /** Opens the app in a new browser context (fresh storage) and waits for the lesson. */
  static async open(browser, url = BASE_URL) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    // The share button also copies the link; allow it so no permission error is logged.
    await context
      .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin })
      .catch(() => {});
    const app = new AppPage(context, await context.newPage());
    await app.goto(url);
    return app;
  }

  constructor(context, page) {
    this.context = context;
    this.page = page;
    this.errors = [];
    /** Content-Security-Policy violations: every test fails on one (see close()). */
    this.violations = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) this.violations.push(message.text());
    });
    page.on('pageerror', (error) => this.errors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      // A missing favicon is not the app's error.
      if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) {
        this.errors.push(`console.error: ${message.text()}`);
      }
    });
  }

  async close() {
    await this.context.close();
    if (this.violations.length > 0) {
      throw new AssertionError({ message: `Content-Security-Policy violations:\n  ${this.violations.join('\n  ')}` });
    }
  }

  async goto(url = BASE_URL) {
    await this.page.goto(url, { waitUntil: 'load', timeout: TIMEOUT });
    await this.waitForLesson();
  }

  async reload() {
    await this.page.reload({ waitUntil: 'load', timeout: TIMEOUT });
    await this.waitForLesson();
  }

  /** The app is up once the process table has its rows. */
  async waitForLesson() {
    await this.until(() => this.processRows().count(), (n) => n === STEP_COUNT, 'the 8 process rows');
  }

  until(read, accept, what, timeout) {
    return waitUntil(read, accept, { what, timeout, page: this });
  }

  byTestId(id) {
    return this.page.getByTestId(id);
  }

  // --- editor ---------------------------------------------------------------------------
  editor() {
    return this.byTestId('yaml-editor');
  }

  manifest() {
    return this.editor().inputValue({ timeout: TIMEOUT });
  }

  async setManifest(text) {
    await this.editor().fill(text, { timeout: TIMEOUT });
  }

  /** Types at the end of the manifest, as a student would. */
  async typeAtEnd(text) {
    const editor = this.editor();
    await editor.click({ timeout: TIMEOUT });
    await editor.press('Control+End');
    await this.page.keyboard.type(text);
  }

  async diagnostics() {
    return (await this.byTestId('diagnostic').allTextContents()).map(clean);
  }

  shareLink() {
    return this.byTestId('share-link');
  }

  // --- process table ----------------------------------------------------------------------
  processRows() {
    return this.byTestId('process-row');
  }

  async processRowTexts() {
    return (await this.processRows().allTextContents()).map(clean);
  }

  /** Indexes (0-based) of the rows marked aria-current="step". */
  async currentRows() {
    return this.processRows().evaluateAll((rows) =>
      rows.flatMap((row, index) => (row.getAttribute('aria-current') === 'step' ? [index] : [])),
    );
  }

  // --- tracker ----------------------------------------------------------------------------
  /** { headers: [...], rows: { 'Deployment replicas': [...values], ... } } */
  async tracker() {
    await this.mode('tracker');
    const tracker = this.byTestId('tracker').first();
    await tracker.waitFor({ state: 'visible', timeout: TIMEOUT });
    const cells = await tracker.evaluate((element) => {
      const table = element.tagName === 'TABLE' ? element : (element.querySelector('table') ?? element);
      return [...table.querySelectorAll('tr')].map((tr) =>
        [...tr.children].filter((c) => c.tagName === 'TH' || c.tagName === 'TD').map((c) => c.textContent),
      );
    });
    const [headers = [], ...body] = cells.map((row) => row.map(clean));
    return { headers, rows: Object.fromEntries(body.map(([name, ...values]) => [name, values])) };
  }

  // --- modes ------------------------------------------------------------------------------
  /** Shows a mode (`visual`, `table`, `tracker`, `moments`, `quiz`, `snapshot`, `transcript`). */
  async mode(id) {
    const tab = this.byTestId(`mode-${id}`);
    if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click({ timeout: TIMEOUT });
    await this.until(() => tab.getAttribute('aria-selected'), (selected) => selected === 'true', `the ${id} mode`);
  }

  // --- playback ---------------------------------------------------------------------------
  async counter() {
    return clean(await this.byTestId('step-counter').textContent({ timeout: TIMEOUT }));
  }

  async click(testId) {
    await this.byTestId(testId).click({ timeout: TIMEOUT });
  }

  /** Waits until the counter reads "Step n of 8" and only row n is the current one. */
  async expectStep(n) {
    const want = `Step ${n} of ${STEP_COUNT}`;
    await this.until(
      async () => ({ counter: await this.counter(), currentRows: await this.currentRows() }),
      (seen) => seen.counter === want && seen.currentRows.length === 1 && seen.currentRows[0] === n - 1,
      `"${want}" with only process row ${n} (index ${n - 1}) aria-current="step"`,
    );
  }

  /** Presses a key with focus on the page body (not in the editor). */
  async pressOnBody(key) {
    await this.page.evaluate(() => {
      if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    });
    await this.page.keyboard.press(key);
  }

  // --- cluster ----------------------------------------------------------------------------
  async pods() {
    return this.byTestId('pod').evaluateAll((pods) =>
      pods.map((pod) => ({
        name: pod.getAttribute('data-name') ?? pod.textContent.trim(),
        phase: pod.getAttribute('data-phase'),
        ready: pod.getAttribute('data-ready'),
        node: pod.getAttribute('data-node'),
        version: pod.getAttribute('data-version'),
      })),
    );
  }

  // --- quiz -------------------------------------------------------------------------------
  /** Question n (1-based): its own container when the page has one per question. */
  async quizQuestion(n) {
    await this.mode('quiz');
    const questions = this.byTestId('quiz-question');
    await this.byTestId('quiz-option').first().waitFor({ state: 'visible', timeout: TIMEOUT });
    if ((await questions.count()) >= n) return questions.nth(n - 1);
    const quizzes = this.byTestId('quiz');
    if ((await quizzes.count()) >= n) return quizzes.nth(n - 1);
    return quizzes.first();
  }

  /** The option buttons of `question` with their text, minus a leading "A ", "B." or "C)". */
  async quizOptions(question) {
    const options = question.getByTestId('quiz-option');
    const texts = (await options.allTextContents()).map((t) => clean(t).replace(/^[A-H][.):]?\s+/, ''));
    return texts.map((text, index) => ({ text, button: options.nth(index) }));
  }

  // --- artifacts --------------------------------------------------------------------------
  async screenshot(name) {
    await mkdir(ARTIFACTS, { recursive: true });
    const path = resolve(ARTIFACTS, name);
    await this.page.screenshot({ path, fullPage: true });
    return path;
  }
}
