// KubeStep inside tutorial pages: the example host page (docs/embed-example/, served at
// /embed-example/) holds two players served from a subpath (/tutorials/kubestep/). Each shows
// its own manifest, sizes itself, answers `goto`, posts `step` and `height`, ignores malformed
// messages, and never touches the full app's saved manifest. Also: the app under a subpath,
// from file://, and offline after a first visit.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { AppPage, ARTIFACTS, BASE_URL, TEST_TIMEOUT, TIMEOUT, launchBrowser, waitUntil } from './app_page.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PLAYER_PATH = '/tutorials/kubestep/';
const HOST_PAGE = new URL(`embed-example/?player=${PLAYER_PATH}`, BASE_URL).href;
const STORAGE_KEY = 'kubestep.manifest.v1';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Opens the host page, recording every request and console message of the page and its frames. */
async function openHost() {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const requests = [];
  const warnings = [];
  const errors = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'warning') warnings.push(message.text());
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  // The full app's saved manifest, on the same origin as the players: they must not read it.
  await context.addInitScript(([key]) => {
    if (!localStorage.getItem(key)) localStorage.setItem(key, '# the student\'s own manifest\n');
  }, [STORAGE_KEY]);
  await page.goto(HOST_PAGE, { waitUntil: 'load', timeout: TIMEOUT });
  const messages = () => page.evaluate(() => window.kubestepMessages);
  const until = (read, accept, what) => waitUntil(read, accept, { what });
  await until(messages, (all) => ['first', 'second'].every((from) => all.some((m) => m.from === from && m.type === 'kubestep:ready')), 'both players ready');
  return { context, page, requests, warnings, errors, messages, until, frame: (id) => page.frameLocator(`#${id}`) };
}

const podNames = (frame) => frame.getByTestId('pod').evaluateAll((pods) => pods.map((pod) => pod.getAttribute('data-name')));

test('two players on a host page: each its own manifest, height, goto and step messages', { timeout: TEST_TIMEOUT }, async () => {
  const host = await openHost();
  try {
    const { page, until, messages, frame } = host;
    // Each shows its own manifest: the first from its address, the second sent by the host.
    await until(() => podNames(frame('first')), (names) => names.length === 2 && names.every((n) => n.startsWith('tutorial-model-')), 'the first player\'s pods');
    await until(() => podNames(frame('second')), (names) => names.length === 3 && names.every((n) => n.startsWith('sentiment-api-')), 'the second player\'s pods');
    // Chrome-less: no header, no tabs, no editor; the second shows the quiz it was asked for.
    for (const id of ['first', 'second']) {
      assert.equal(await frame(id).locator('.app-header').isVisible(), false, `${id}: no header`);
      assert.equal(await frame(id).locator('.modes').isVisible(), false, `${id}: no mode tabs`);
      assert.equal(await frame(id).getByTestId('yaml-editor').isVisible(), false, `${id}: no editor`);
    }
    assert.equal(await frame('first').getByTestId('stage').isVisible(), true);
    assert.equal(await frame('second').getByTestId('quiz').isVisible(), true);
    // Each sizes itself: the iframe is as tall as the height it last posted, which is its content's.
    for (const id of ['first', 'second']) {
      const sized = await until(async () => {
        const posted = (await messages()).filter((m) => m.from === id && m.type === 'kubestep:height').at(-1)?.height;
        const box = await page.locator(`#${id}`).evaluate((iframe) => [iframe.getBoundingClientRect().height, iframe.contentDocument.documentElement.getBoundingClientRect().height]);
        return { posted, iframe: box[0], content: box[1] };
      }, (seen) => seen.posted > 200 && Math.abs(seen.iframe - seen.posted) <= 2 && Math.abs(seen.content - seen.posted) <= 1, `${id} sized to its content`);
      assert.ok(sized.posted > 200, JSON.stringify(sized));
    }
    // goto, from the host's button: the player shows step 5 and says so.
    await page.getByRole('button', { name: 'Show step 5' }).click();
    await until(() => frame('first').getByTestId('step-counter').textContent(), (text) => text.trim() === 'Step 5 of 8', 'step 5 in the first player');
    const step = await until(async () => (await messages()).filter((m) => m.from === 'first' && m.type === 'kubestep:step').at(-1), (m) => m?.step === 5, 'a step message for step 5');
    assert.ok(step.of >= 1 && step.frame === step.of, `the step's end: ${JSON.stringify(step)}`);
    assert.equal(await frame('second').getByTestId('step-counter').textContent(), 'Step 1 of 8', 'the other player did not move');
    // A frame inside the step, sent directly.
    await page.evaluate(() => document.getElementById('first').contentWindow.postMessage({ type: 'kubestep:goto', step: 6, frame: 1 }, '*'));
    await until(async () => (await messages()).filter((m) => m.from === 'first' && m.type === 'kubestep:step').at(-1), (m) => m?.step === 6 && m.frame === 1, 'step 6, first frame');
    // A quiz answer is reported.
    await frame('second').getByTestId('quiz-option').first().click();
    await until(async () => (await messages()).find((m) => m.from === 'second' && m.type === 'kubestep:answer'), (m) => m?.question === 1 && typeof m.correct === 'boolean', 'an answer message');
    // The full app's saved manifest is untouched.
    assert.equal(await page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY), '# the student\'s own manifest\n');
    // Every request stayed on the page's origin.
    const origin = new URL(BASE_URL).origin;
    assert.deepEqual(host.requests.filter((url) => new URL(url).origin !== origin), [], 'no request leaves the origin');
    assert.deepEqual(host.errors.filter((e) => !e.includes('integrity')), [], 'no errors');
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: resolve(ARTIFACTS, 'embed-example.png'), fullPage: true });
  } finally {
    await host.context.close();
  }
});

test('malformed messages are ignored with a warning, and the player goes on', { timeout: TEST_TIMEOUT }, async () => {
  const host = await openHost();
  try {
    const { page, until, frame } = host;
    await page.evaluate(() => {
      const player = document.getElementById('first').contentWindow;
      for (const message of [
        'not an object',
        { type: 'kubestep:goto', step: 'five' },
        { type: 'kubestep:goto', step: 99 },
        { type: 'kubestep:setMode', mode: 'dance' },
        { type: 'kubestep:setManifest', yaml: 'x'.repeat(3 * 1024 * 1024) },
        { type: 'kubestep:explode' },
        null,
      ]) player.postMessage(message, '*');
    });
    await until(() => host.warnings.filter((w) => w.startsWith('KubeStep ignored a message')).length, (n) => n >= 7, 'seven warnings');
    assert.ok(host.warnings.some((w) => w.includes('longer than the editor accepts')), host.warnings.join('\n'));
    assert.deepEqual(host.errors.filter((e) => !e.includes('integrity')), [], 'no errors, no panic');
    await page.evaluate(() => document.getElementById('first').contentWindow.postMessage({ type: 'kubestep:goto', step: 2 }, '*'));
    await until(() => frame('first').getByTestId('step-counter').textContent(), (text) => text.trim() === 'Step 2 of 8', 'a good message after the bad ones');
  } finally {
    await host.context.close();
  }
});

test('an embed restricted to one origin neither obeys nor tells any other', { timeout: TEST_TIMEOUT }, async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const warnings = [];
  page.on('console', (message) => { if (message.type() === 'warning') warnings.push(message.text()); });
  try {
    await page.goto(new URL('embed-example/host.css', BASE_URL).href);
    await page.setContent('<iframe id="player" style="width:900px;height:600px"></iframe>');
    await page.evaluate((src) => {
      window.received = [];
      window.addEventListener('message', (event) => window.received.push(event.data));
      document.getElementById('player').src = src;
    }, new URL(`${PLAYER_PATH}?embed=1&origin=https://tutorial.example`, BASE_URL).href);
    const player = page.frameLocator('#player');
    await waitUntil(() => player.getByTestId('process-row').count(), (n) => n === 8, { what: 'the player' });
    await page.evaluate(() => document.getElementById('player').contentWindow.postMessage({ type: 'kubestep:goto', step: 4 }, '*'));
    await waitUntil(() => warnings.filter((w) => w.includes('not the origin it was embedded for')).length, (n) => n === 1, { what: 'the warning' });
    assert.equal((await player.getByTestId('step-counter').textContent()).trim(), 'Step 1 of 8');
    assert.deepEqual(await page.evaluate(() => window.received), [], 'it posted nothing to this origin');
  } finally {
    await context.close();
  }
});

test('an embed with editor=1 shows the editor, and its edits stay its own', { timeout: TEST_TIMEOUT }, async () => {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  await context.addInitScript(([key]) => {
    if (!localStorage.getItem(key)) localStorage.setItem(key, '# the full app\'s manifest\n');
  }, [STORAGE_KEY]);
  const app = new AppPage(context, await context.newPage());
  try {
    await app.goto(`${BASE_URL}?embed=1&editor=1&mode=tracker`);
    assert.equal(await app.editor().isVisible(), true, 'the editor');
    assert.equal(await app.page.locator('.app-header').isVisible(), false, 'no header');
    assert.equal(await app.byTestId('tracker').first().isVisible(), true, 'the chosen mode');
    assert.notEqual(await app.manifest(), '# the full app\'s manifest\n', 'not the full app\'s manifest');
    await app.typeAtEnd('# edited in the embed\n');
    const inAddress = (url) => Buffer.from(/[#&]yaml=([A-Za-z0-9_-]*)/.exec(url)?.[1] ?? '', 'base64url').toString();
    await app.until(() => app.page.url(), (url) => inAddress(url).endsWith('# edited in the embed\n'), 'the edit in the embed\'s address');
    assert.equal(await app.page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY), '# the full app\'s manifest\n');
    await app.reload();
    assert.match(await app.manifest(), /# edited in the embed\n$/, 'the edit survives a reload of the embed');
  } finally {
    await app.close();
  }
});

test('the app works under a subpath of the host, with no 404', { timeout: TEST_TIMEOUT }, async () => {
  const url = new URL(PLAYER_PATH, BASE_URL).href;
  const context = await browser.newContext();
  const page = await context.newPage();
  const failed = [];
  page.on('response', (response) => { if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`); });
  const app = new AppPage(context, page);
  try {
    await app.goto(`${url}?utm=1#step=3`);
    await app.expectStep(3);
    assert.deepEqual(failed, []);
    // Without the trailing slash the host redirects, and the page still starts.
    await app.goto(url.replace(/\/$/, ''));
    assert.deepEqual(failed, []);
  } finally {
    await context.close();
  }
});

test('opened from file:// it says it must be served, and how', { timeout: TEST_TIMEOUT }, async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(pathToFileURL(resolve(ROOT, 'dist/index.html')).href);
    const help = page.locator('#boot .boot__help');
    await waitUntil(() => help.isVisible(), (visible) => visible, { what: 'the help text' });
    assert.match(await help.textContent(), /python3 -m http\.server 8000/);
  } finally {
    await context.close();
  }
});

test('after a first visit the app loads and works offline, and a new build is picked up', { timeout: TEST_TIMEOUT }, async () => {
  // A copy of dist/ to deploy a "new build" into.
  const site = await mkdtemp(join(tmpdir(), 'kubestep-site-'));
  await cp(resolve(ROOT, 'dist'), site, { recursive: true });
  const server = spawn(process.execPath, [resolve(ROOT, 'e2e/static_server.js'), site, '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = await once(server.stdout, 'data');
  const url = line.toString().trim();
  const context = await browser.newContext();
  const app = new AppPage(context, await context.newPage());
  const build = () => app.page.locator('meta[name=build]').getAttribute('content').catch(() => null);
  try {
    await app.goto(`${url}#step=2`);
    await app.until(() => app.page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      const cache = await caches.open('kubestep-offline-v1');
      return { active: Boolean(registration.active), cached: (await cache.keys()).length };
    }), (seen) => seen.active && seen.cached >= 4, 'the offline copy');
    // Deploy: the page changes; online, the next visit shows it.
    const index = join(site, 'index.html');
    await writeFile(index, (await readFile(index, 'utf8')).replace('<title>', '<meta name="build" content="2" />\n    <title>'));
    await app.reload();
    await app.until(build, (value) => value === '2', 'the new build online');
    server.kill();
    await once(server, 'exit');
    await app.reload();
    await app.expectStep(2);
    assert.equal(await build(), '2', 'offline, the newest build seen');
    await app.click('step-next');
    await app.expectStep(3);
    assert.ok((await app.byTestId('pod').count()) > 0, 'the picture, offline');
  } finally {
    server.kill();
    await context.close();
    await rm(site, { recursive: true, force: true });
  }
});
