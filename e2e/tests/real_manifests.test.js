// Real model-serving manifests: a pasted vLLM server gets GPU nodes, its pods are placed,
// its model loads behind a failing readiness probe, and its Service gets endpoints; a file
// with several Deployments runs them all and lets the student pick the one to follow.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppPage, TEST_TIMEOUT, launchBrowser } from './app_page.js';

const CORPUS = resolve(dirname(fileURLToPath(import.meta.url)), '../../tests/fixtures/model-servers');

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const texts = (app, id) => async () => (await app.byTestId(id).allTextContents()).map((t) => t.trim());

test('a pasted vLLM server runs on GPU nodes, loads its model and serves through its Service', { timeout: TEST_TIMEOUT }, async () => {
  const app = await AppPage.open(browser);
  try {
    await app.setManifest(await readFile(resolve(CORPUS, '01-vllm-openai.yaml'), 'utf8'));
    await app.until(
      async () => (await app.processRowTexts())[0],
      (row) => row?.includes("Deployment 'vllm"),
      'process row 1 to name the vLLM Deployment',
    );
    const notes = (await app.byTestId('lesson-notes').textContent()) ?? '';
    assert.match(notes, /Simplified here/, 'the lesson says what it simplifies');
    const notSimulated = (await app.byTestId('not-simulated').textContent()) ?? '';
    assert.match(notSimulated, /Accepted by the API server, not simulated \([1-9]\d*\)/, notSimulated);
    assert.match(notSimulated, /volumeMounts/, 'the volume mounts are listed as not simulated');
    const nodes = await app.until(texts(app, 'node'), (all) => all.length > 0 && all.every((t) => t.includes('nvidia.com/gpu')), 'GPU nodes');
    assert.ok(nodes.length >= 1);
    // Step 3: the containers start and the model loads; the readiness probe fails meanwhile.
    await app.pressOnBody('3');
    await app.expectStep(3);
    await app.mode('transcript');
    const transcript = (await app.byTestId('transcript').allTextContents()).join(' ');
    await app.mode('visual');
    assert.match(transcript, /(Startup|Readiness) probe failed/, 'the model loads behind a failing startup or readiness probe');
    await app.pressOnBody('End');
    await app.expectStep(8);
    const pods = await app.until(() => app.pods(), (all) => all.length > 0 && all.every((p) => p.ready === 'true' && p.node), 'every pod placed and ready');
    assert.ok(pods.length >= 1);
    const service = (await app.byTestId('cluster-view').textContent()) ?? '';
    assert.match(service, /Service \S+ :\d+ → \S+ · [1-9]\d* endpoint\(s\)/, service);
    await app.screenshot('vllm-step-8.png');
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('a file with several Deployments runs them all and follows the one the student picks', { timeout: TEST_TIMEOUT }, async () => {
  const app = await AppPage.open(browser);
  try {
    await app.setManifest(await readFile(resolve(CORPUS, '23-guestbook.yaml'), 'utf8'));
    const picker = app.byTestId('deployment-picker');
    await picker.waitFor({ state: 'visible' });
    const options = await picker.locator('option').allTextContents();
    assert.deepEqual(options, ['redis-leader', 'redis-follower', 'frontend']);
    await app.until(texts(app, 'other-deployment'), (all) => all.length === 2, 'the two other Deployments listed');
    await picker.selectOption('frontend');
    await app.until(
      async () => (await app.processRowTexts())[0],
      (row) => row?.includes("Deployment 'frontend' created with 3 replicas"),
      'process row 1 to follow frontend',
    );
    await app.pressOnBody('End');
    await app.expectStep(8);
    const deployments = await app.byTestId('pod').evaluateAll((pods) => pods.map((pod) => pod.getAttribute('data-deployment')));
    for (const name of ['redis-leader', 'redis-follower', 'frontend']) {
      assert.ok(deployments.includes(name), `pods of ${name} on the nodes: ${deployments}`);
    }
    await app.screenshot('guestbook-frontend.png');
    // The share link keeps the choice.
    await app.shareLink().click();
    const link = await app.until(() => app.page.url(), (url) => url.includes('deployment=frontend'), 'a share link naming frontend');
    const shared = await AppPage.open(browser, link);
    try {
      await shared.until(
        async () => (await shared.processRowTexts())[0],
        (row) => row?.includes("Deployment 'frontend'"),
        'the shared link to follow frontend',
      );
    } finally {
      await shared.close();
    }
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});
