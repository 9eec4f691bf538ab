// "What the cluster stores": opening the panel shows the seed Deployment with its defaults
// filled in, and the pod the ReplicaSet creates; an edit shows up there at once.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { AppPage, TEST_TIMEOUT, launchBrowser } from './app_page.js';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const storedText = (app) => async () => (await app.byTestId('stored-view').textContent()) ?? '';

test('the stored view shows defaults and follows edits', { timeout: TEST_TIMEOUT }, async () => {
  const app = await AppPage.open(browser);
  try {
    await app.byTestId('stored-view').locator('summary').click();
    await app.until(
      storedText(app),
      (text) => text.includes('imagePullPolicy: Always') && text.includes('maxSurge: 25%') && text.includes('created by the ReplicaSet'),
      'stored view with imagePullPolicy, the default strategy and the pod',
    );
    const edited = (await app.manifest()).replace('mlmodel:latest', 'mlmodel:v1');
    await app.setManifest(edited);
    await app.until(storedText(app), (text) => text.includes('imagePullPolicy: IfNotPresent'), 'pull policy follows the tag');
    assert.ok((await storedText(app)()).includes('terminationGracePeriodSeconds: 30'));
  } finally {
    await app.close();
  }
});
