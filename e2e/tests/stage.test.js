// The picture against the trace: at several frames of real lessons, every pod the stage draws
// sits on the node the trace puts it on with kubectl's STATUS and READY, capacity bars print
// what the scheduler counts, requests go only to ready pods that the Service sends traffic to,
// ReplicaSets show their counts during the rollout and the chart its recorded readings. Then
// playback speed, the whole-lesson timeline, reduced motion and the one-screen layout.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppPage, BASE_URL, TEST_TIMEOUT, launchBrowser } from './app_page.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** The trace of a manifest, from the command line that shares the page's core. */
function trace(text) {
  const cli = ['target/debug/kubestep', 'target/release/kubestep'].map((p) => resolve(ROOT, p)).find(existsSync);
  assert.ok(cli, 'the kubestep CLI is built (cargo test builds target/debug/kubestep)');
  return withPods(JSON.parse(execFileSync(cli, ['trace', '-', '--json'], { input: text, maxBuffer: 1 << 28 }).toString()));
}

/** Folds `podChanges` (trace schema 2, docs/trace-schema.md "Pods") into each frame's pods. */
function withPods(run) {
  const fold = (pods, changes) => {
    const next = new Map(pods);
    for (const pod of [...changes.added, ...changes.changed]) next.set(pod.uid, pod);
    for (const uid of changes.removed) next.delete(uid);
    return next;
  };
  let followed = new Map();
  let others = [];
  for (const frame of run.frames) {
    followed = fold(followed, frame.podChanges);
    others = frame.others.map((other, k) => fold(others[k] ?? new Map(), other.podChanges));
    frame.pods = [...followed.values()].sort((a, b) => a.uid - b.uid);
    frame.otherPods = others.map((pods) => [...pods.values()]);
  }
  return run;
}

/** Every pod of frame `index` (the followed Deployment's and the others'). */
function podsAt(run, index) {
  const frame = run.frames[index];
  return [...frame.pods, ...frame.otherPods.flat()];
}

async function showFrame(app, index) {
  await app.byTestId('timeline-slider').fill(String(index));
  await app.until(() => app.byTestId('stage').getAttribute('data-frame'), (shown) => shown === String(index), `frame ${index} on the stage`);
}

async function drawnPods(app) {
  return app.byTestId('pod').evaluateAll((pods) =>
    pods.map((pod) => ({
      name: pod.getAttribute('data-name'),
      node: pod.getAttribute('data-node'),
      status: pod.getAttribute('data-status'),
      ready: pod.getAttribute('data-ready'),
      terminating: pod.getAttribute('data-terminating'),
      changed: pod.getAttribute('data-changed'),
      inNode: pod.closest('svg')
        ? [...pod.closest('svg').querySelectorAll('[data-testid=node]')].find((node) => {
            const box = node.querySelector('rect').getBBox();
            // Where the pod is going, not where a transition has it now.
            const m = pod.style.transform.match(/translate\(([-\d.]+)px, ([-\d.]+)px\)/);
            const [x, y] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
            return x >= box.x && x <= box.x + box.width && y >= box.y && y <= box.y + box.height;
          })?.getAttribute('data-name') ?? ''
        : '',
    })),
  );
}

async function checkFrame(app, run, index) {
  await showFrame(app, index);
  const frame = run.frames[index];
  const expected = podsAt(run, index);
  const drawn = await drawnPods(app);
  assert.equal(drawn.length, expected.length, `frame ${index}: every pod drawn`);
  for (const pod of expected) {
    const shown = drawn.find((d) => d.name === pod.name);
    assert.ok(shown, `frame ${index}: ${pod.name} drawn`);
    assert.equal(shown.node, pod.node ?? '', `frame ${index}: ${pod.name}'s node`);
    assert.equal(shown.status, pod.status, `frame ${index}: ${pod.name}'s STATUS`);
    assert.equal(shown.ready, String(pod.ready), `frame ${index}: ${pod.name}'s readiness`);
    assert.equal(shown.inNode, pod.node ?? '', `frame ${index}: ${pod.name} drawn inside its node`);
  }
  // Requests only to ready pods the Service sends traffic to.
  const targets = await app.byTestId('request').evaluateAll((dots) => dots.map((dot) => dot.getAttribute('data-target')));
  for (const target of targets) {
    const pod = frame.pods.find((p) => p.name === target);
    assert.ok(pod && pod.ready && !pod.terminating && pod.requestsPerSecond > 0, `frame ${index}: request to ${target}`);
  }
  if (frame.requestsPerSecond === 0) assert.deepEqual(targets, [], `frame ${index}: no traffic, no requests`);
  const sets = await app.byTestId('replicaset').evaluateAll((all) => all.map((rs) => [rs.getAttribute('data-revision'), rs.getAttribute('data-replicas')]));
  assert.deepEqual(sets, frame.replicaSets.slice(-3).map((rs) => [String(rs.revision), String(rs.replicas)]), `frame ${index}: ReplicaSets`);
  const service = app.byTestId('service');
  if (await service.count()) {
    assert.equal(await service.getAttribute('data-endpoints'), String(frame.endpoints), `frame ${index}: endpoints`);
  }
  return { frame, drawn, targets };
}

test('the seed lesson\'s picture follows its trace frame by frame', { timeout: TEST_TIMEOUT * 3 }, async () => {
  const text = await readFile(resolve(ROOT, 'public/seed-manifest.yaml'), 'utf8');
  const run = trace(text);
  const app = await AppPage.open(browser);
  try {
    let sawRequests = false;
    let sawBothSets = false;
    const frames = run.frames.map((_, index) => index).filter((index) => index % 3 === 0 || index === run.frames.length - 1);
    for (const index of frames) {
      const { targets } = await checkFrame(app, run, index);
      sawRequests ||= targets.length > 0;
      sawBothSets ||= run.frames[index].replicaSets.length === 2;
    }
    assert.ok(sawRequests, 'requests drawn while traffic flows');
    assert.ok(sawBothSets, 'a frame of the rollout with both ReplicaSets');
    // The chart plots each recorded reading.
    const readings = await app.byTestId('hpa-reading').evaluateAll((dots) => dots.map((dot) => [Number(dot.dataset.time), Number(dot.dataset.value)]));
    const recorded = run.autoscalerDecisions.filter((d) => d.outcome.kind === 'measured').map((d) => [d.time, d.outcome.value]);
    assert.deepEqual(readings, recorded);
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('a GPU node shows its GPU taken and the Pending pod the scheduler\'s reason', { timeout: TEST_TIMEOUT }, async () => {
  const text = await readFile(resolve(ROOT, 'public/examples/gpu-inference.yaml'), 'utf8');
  const run = trace(text);
  const app = await AppPage.open(browser);
  try {
    await app.setManifest(text);
    await app.until(async () => (await app.byTestId('timeline-slider').getAttribute('max')) ?? '', (max) => max === String(run.frames.length - 1), 'the GPU lesson on the timeline');
    const last = run.frames.length - 1;
    await checkFrame(app, run, last);
    const bars = await app.page.locator('[data-testid=node][data-name="gpu-node-1"] [data-testid=capacity-bar]').evaluateAll((all) =>
      all.map((bar) => [bar.dataset.resource, bar.dataset.requested, bar.dataset.allocatable]),
    );
    assert.deepEqual(bars, [['cpu', '2', '8'], ['memory', '8Gi', '32Gi'], ['nvidia.com/gpu', '1', '1']]);
    const reason = (await app.byTestId('pending-reason').textContent()) ?? '';
    assert.match(reason, /Insufficient nvidia\.com\/gpu/);
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('speed, the whole-lesson timeline and play from a step\'s first change', { timeout: TEST_TIMEOUT * 2 }, async () => {
  const app = await AppPage.open(browser);
  try {
    const frameNow = async () => Number(await app.byTestId('stage').getAttribute('data-frame'));
    const framesPlayedIn = async (speed, millis) => {
      await app.byTestId('speed').selectOption(speed);
      await app.pressOnBody('Home');
      await app.click('play');
      const start = await frameNow();
      await new Promise((done) => setTimeout(done, millis));
      const end = await frameNow();
      await app.click('play');
      return end - start;
    };
    // Play starts at the step's first change, not after it.
    await app.pressOnBody('3');
    const text = trace(await readFile(resolve(ROOT, 'public/seed-manifest.yaml'), 'utf8'));
    const firstOfStep3 = text.frames.findIndex((frame) => frame.step === 3);
    await app.byTestId('speed').selectOption({ label: '0.25×' });
    await app.click('play');
    await app.until(frameNow, (frame) => frame === firstOfStep3 || frame === firstOfStep3 + 1, 'play from the first change of step 3');
    await app.click('play');
    const slow = await framesPlayedIn({ label: '0.25×' }, 1500);
    const fast = await framesPlayedIn({ label: '4×' }, 1500);
    assert.ok(fast >= 4 * Math.max(slow, 1), `4× plays more frames than 0.25× (${fast} vs ${slow})`);
    // The timeline scrubs the whole lesson: a frame of step 6 moves the step counter there.
    const ofStep6 = text.frames.findIndex((frame) => frame.step === 6);
    await showFrame(app, ofStep6);
    await app.expectStep(6);
    const position = (await app.byTestId('frame-position').textContent()) ?? '';
    assert.match(position, /^(Moment 1 of \d+ of this step|The one moment of this step) · \d+ s after kubectl apply · /);
    // Space at the end plays again from the start.
    await app.pressOnBody('End');
    await app.pressOnBody(' ');
    await app.until(() => app.counter(), (counter) => /Step 1 of 8/.test(counter), 'Space at the end restarts');
    await app.pressOnBody(' ');
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('reduced motion shows the same states without movement', { timeout: TEST_TIMEOUT }, async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, reducedMotion: 'reduce' });
  const app = new AppPage(context, await context.newPage());
  try {
    await app.goto(BASE_URL);
    await app.pressOnBody('4');
    await app.until(() => app.byTestId('request').count(), (n) => n > 0, 'requests drawn at step 4');
    const motion = await app.page.evaluate(() => ({
      request: getComputedStyle(document.querySelector('[data-testid=request]')).animationName,
      pod: getComputedStyle(document.querySelector('[data-testid=pod]')).transitionDuration,
    }));
    assert.deepEqual(motion, { request: 'none', pod: '0s' });
  } finally {
    await app.close();
  }
});

test('the picture and the step explanation share one screen; a phone stacks them', { timeout: TEST_TIMEOUT }, async () => {
  for (const [width, height] of [[1280, 720], [1920, 1080]]) {
    const context = await browser.newContext({ viewport: { width, height } });
    const app = new AppPage(context, await context.newPage());
    try {
      await app.goto(BASE_URL);
      for (const step of ['2', '5', '6']) {
        await app.pressOnBody(step);
        const boxes = await app.page.evaluate(() =>
          ['stage', 'step-explanation', 'step-result', 'play'].map((id) => {
            const box = document.querySelector(`[data-testid=${id}]`).getBoundingClientRect();
            return [id, box.top, box.bottom];
          }),
        );
        for (const [id, top, bottom] of boxes) {
          assert.ok(top >= 0 && bottom <= height, `${width}×${height} step ${step}: ${id} in view (${top}–${bottom})`);
        }
      }
    } finally {
      await app.close();
    }
  }
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const app = new AppPage(phone, await phone.newPage());
  try {
    await app.goto(BASE_URL);
    const overflow = await app.page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(overflow <= 390, `no sideways scrolling on a phone (${overflow}px wide)`);
  } finally {
    await app.close();
  }
});

test('the tracker marks the rows the frame on screen changed', { timeout: TEST_TIMEOUT }, async () => {
  const app = await AppPage.open(browser);
  try {
    await app.pressOnBody('5');
    await app.expectStep(5);
    const slider = app.byTestId('timeline-slider');
    const changedRows = () => app.page.locator('[data-frame-changed]').getAttribute('data-frame-changed');
    // Walk step 5 backwards from its end: the autoscaler's rescale changes the replicas row.
    const seen = [];
    const shadow = (row) => app.page.locator(`tr[data-row="${row}"]`).evaluate((tr) => getComputedStyle(tr).boxShadow);
    for (let n = 0; n < 12; n += 1) {
      const rows = (await changedRows()) ?? '';
      seen.push(rows);
      // The stylesheet marks exactly the rows named.
      assert.equal((await shadow(0)) !== 'none', rows.includes(' 0 '), `row 0 marked as named: ${rows}`);
      await slider.press('ArrowLeft');
      await app.page.waitForTimeout(50);
    }
    assert.ok(seen.some((rows) => rows.includes(' 0 ')), `a frame of step 5 changes the replicas: ${JSON.stringify(seen)}`);
    assert.ok(seen.some((rows) => !rows.includes(' 0 ')), 'and the others do not');
  } finally {
    await app.close();
  }
});
