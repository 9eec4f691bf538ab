// Prints how the built page feels, measured in headless Chromium: for the seed lesson, 1,000
// replicas and a 2,000-replica one-at-a-time rollout, edit → re-rendered lesson (median, p95), one frame step on the stage, one
// step click, and long tasks during 4× playback. A benchmark, not a test: figures only.
//
//   node e2e/bench/page_figures.mjs [BASE_URL] [runs]
//
// Serve dist/ first (bash scripts/serve.sh, or node e2e/static_server.js dist 8080).
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '../tests/app_page.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BASE_URL = process.argv[2] ?? 'http://127.0.0.1:8080/';
const RUNS = Number(process.argv[3] ?? 9);

const seed = await readFile(resolve(ROOT, 'public/seed-manifest.yaml'), 'utf8');
const cases = [
  ['seed lesson', seed],
  ['1,000 replicas', seed.replace('replicas: 2', 'replicas: 1000')],
  [
    '2,000 replicas, maxSurge 1, maxUnavailable 0',
    seed.replace('replicas: 2', 'replicas: 2000\n  strategy:\n    rollingUpdate:\n      maxSurge: 1\n      maxUnavailable: 0'),
  ],
];

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const figure = (values) => `median ${quantile(values, 0.5).toFixed(0)} ms, p95 ${quantile(values, 0.95).toFixed(0)} ms (${values.length} runs)`;

/** Milliseconds from `act` in the page until `done()` holds and the next frame is painted. */
async function timed(page, act, done) {
  return page.evaluate(
    async ([actSource, doneSource]) => {
      const act = new Function(actSource);
      const done = new Function(doneSource);
      const start = performance.now();
      act();
      // Gives up after about 60 s of frames, so a figure that never comes says so.
      for (let frames = 0; !done(); frames++) {
        if (frames > 3600) throw new Error(`not done after ${frames} frames: ${doneSource}`);
        await new Promise((next) => requestAnimationFrame(next));
      }
      await new Promise((next) => requestAnimationFrame(next));
      return performance.now() - start;
    },
    [act, done],
  );
}

const browser = await launchBrowser();
try {
  for (const [name, text] of cases) {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
    await page.goto(BASE_URL);
    await page.getByTestId('process-row').first().waitFor({ state: 'attached', timeout: 60_000 });
    await page.getByTestId('yaml-editor').fill(text);
    await page.waitForFunction(
      (replicas) => document.querySelector('[data-testid=process-row]')?.textContent.includes(`with ${replicas} replicas`),
      text.match(/replicas: (\d+)/)[1],
      { timeout: 120_000 },
    );
    const edits = [];
    for (let run = 0; run < RUNS; run++) {
      // Change the replica count by one (down: 2,000 is the most allowed) and wait for the
      // process table to say so.
      const replicas = Number(text.match(/replicas: (\d+)/)[1]) - (run % 2 === 0 ? 1 : 0);
      const edited = text.replace(/replicas: \d+/, `replicas: ${replicas}`);
      edits.push(
        await timed(
          page,
          `const editor = document.querySelector('[data-testid=yaml-editor]');
           editor.value = ${JSON.stringify(edited)};
           editor.dispatchEvent(new Event('input', { bubbles: true }));`,
          `return document.querySelector('[data-testid=process-row]').textContent.includes('with ${replicas} replica');`,
        ),
      );
    }
    // A keystroke: the input event's handler and the next painted frame (the lesson may
    // follow later, once typing pauses).
    const keys = [];
    for (let run = 0; run < RUNS; run++) {
      keys.push(
        await timed(
          page,
          `const editor = document.querySelector('[data-testid=yaml-editor]');
           editor.value = editor.value + (${run} % 2 === 0 ? '#' : '');
           editor.dispatchEvent(new Event('input', { bubbles: true }));`,
          'return true;',
        ),
      );
      await page.waitForTimeout(400);
    }
    const steps = [];
    for (let run = 0; run < RUNS; run++) {
      const target = (run % 7) + 2;
      steps.push(
        await timed(
          page,
          `document.body.dispatchEvent(new KeyboardEvent('keydown', { key: '${target}', bubbles: true }));`,
          `return document.querySelector('[data-testid=step-counter]').textContent.includes('Step ${target} of');`,
        ),
      );
    }
    const hasTimeline = (await page.getByTestId('timeline-slider').count()) > 0;
    const frames = [];
    if (hasTimeline) {
      for (let run = 0; run < RUNS; run++) {
        frames.push(
          await timed(
            page,
            `const slider = document.querySelector('[data-testid=timeline-slider]');
             window.__target = String((${run} * 7) % (Number(slider.max) + 1));
             slider.value = window.__target;
             slider.dispatchEvent(new Event('input', { bubbles: true }));`,
            `return document.querySelector('[data-testid=stage]').getAttribute('data-frame') === window.__target;`,
          ),
        );
      }
    }
    let playback = 'no speed control in this build';
    if ((await page.getByTestId('speed').count()) > 0) {
      await page.getByTestId('speed').selectOption({ label: '4×' });
      await page.keyboard.press('Home');
      const tasks = await page.evaluate(async () => {
        const seen = [];
        const observer = new PerformanceObserver((list) => seen.push(...list.getEntries().map((e) => e.duration)));
        observer.observe({ type: 'longtask', buffered: false });
        document.querySelector('[data-testid=play]').click();
        await new Promise((done) => setTimeout(done, 5000));
        document.querySelector('[data-testid=play]').click();
        observer.disconnect();
        return seen;
      });
      const total = tasks.reduce((sum, d) => sum + d, 0);
      playback = `${tasks.length} long tasks in 5 s of 4× playback (total ${total.toFixed(0)} ms, longest ${Math.max(0, ...tasks).toFixed(0)} ms)`;
    }
    console.log(`${name}:`);
    console.log(`  edit → re-rendered lesson: ${figure(edits)}`);
    console.log(`  keystroke → next frame:    ${figure(keys)}`);
    console.log(`  step click → rendered:     ${figure(steps)}`);
    console.log(`  frame step → rendered:     ${frames.length ? figure(frames) : 'no timeline in this build'}`);
    console.log(`  playback:                  ${playback}`);
    await page.context().close();
  }
} finally {
  await browser.close();
}
