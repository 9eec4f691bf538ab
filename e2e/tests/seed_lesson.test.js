// The seed lesson: process table, tracker, stepping with buttons and keys, cluster view.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { AppPage, STEP_COUNT, TEST_TIMEOUT, launchBrowser } from './app_page.js';

const ACTIONS = [
  'Apply Deployment YAML',
  'Scheduler assigns pods to nodes',
  'Pods start containers',
  'Service routes traffic',
  'Monitor load',
  'Update Deployment with new image',
  'Old pods terminated',
  'End',
];

const TRACKER_HEADERS = ['Variable', 'Start', 'After Step 1', 'After Step 3', 'After Step 5', 'Final'];
const TRACKER_ROWS = {
  'Deployment replicas': ['0', '2', '2', '3 (scaled up)', '3'],
  'Pods running': ['0', '0', '2', '3', '3'],
  'Model version': ['none', 'v1 (mlmodel:latest)', 'v1', 'v1', 'v2 (after update)'],
};

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('the seed lesson has the eight actions in order', { timeout: TEST_TIMEOUT }, async () => {
  const app = await AppPage.open(browser);
  try {
    const rows = await app.processRowTexts();
    assert.equal(rows.length, STEP_COUNT, 'process rows');
    ACTIONS.forEach((action, index) => {
      assert.ok(rows[index].includes(action), `process row ${index + 1} should name "${action}", got "${rows[index]}"`);
    });
  } finally {
    await app.close();
  }
});

test('the tracker reads the seed values', { timeout: TEST_TIMEOUT }, async () => {
  const app = await AppPage.open(browser);
  try {
    const tracker = await app.tracker();
    assert.deepEqual(tracker.headers, TRACKER_HEADERS, 'tracker header cells');
    assert.deepEqual(tracker.rows, TRACKER_ROWS, 'tracker rows');
  } finally {
    await app.close();
  }
});

test('step-next walks all eight steps and the cluster view follows', { timeout: TEST_TIMEOUT }, async () => {
  const app = await AppPage.open(browser);
  try {
    await app.click('step-first');
    await app.expectStep(1);
    for (let step = 2; step <= STEP_COUNT; step += 1) {
      await app.click('step-next');
      await app.expectStep(step);
      if (step === 3) {
        await app.until(
          () => app.pods(),
          (pods) => pods.length > 0 && pods.every((pod) => pod.phase === 'Running'),
          'every pod data-phase="Running" at step 3',
        );
      }
    }
    await app.until(
      () => app.pods(),
      (pods) => pods.length > 0 && pods.every((pod) => pod.version === 'v2'),
      'every pod data-version="v2" at step 8',
    );
    await app.screenshot('seed-step-8.png');

    await app.click('step-first');
    await app.expectStep(1);
  } finally {
    await app.close();
  }
});

test('arrow keys step when focus is outside the editor', { timeout: TEST_TIMEOUT }, async () => {
  const app = await AppPage.open(browser);
  try {
    await app.click('step-first');
    await app.expectStep(1);
    await app.pressOnBody('ArrowRight');
    await app.expectStep(2);
    await app.pressOnBody('ArrowRight');
    await app.expectStep(3);
    await app.pressOnBody('ArrowLeft');
    await app.expectStep(2);

    // In the editor the arrows move the caret and leave the step alone.
    await app.editor().focus();
    await app.page.keyboard.press('ArrowRight');
    await new Promise((done) => setTimeout(done, 300));
    await app.expectStep(2);
  } finally {
    await app.close();
  }
});
