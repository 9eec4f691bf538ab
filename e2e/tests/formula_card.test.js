// Formula cards: step 5 shows the autoscaler's arithmetic and step 6 the rolling update's
// budget, with the manifest's own numbers; editing replicas changes them.
import { after, before, test } from 'node:test';
import { AppPage, TEST_TIMEOUT, launchBrowser } from './app_page.js';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const cardText = (app) => async () => ((await app.byTestId('formula-card').allTextContents()) ?? []).join(' ');

test('steps 5 and 6 show their arithmetic and follow edits', { timeout: TEST_TIMEOUT }, async () => {
  const app = await AppPage.open(browser);
  try {
    await app.pressOnBody('5');
    await app.expectStep(5);
    await app.until(cardText(app), (text) => text.includes('proposal = ⌈2 ready pods × 75 ÷ 50⌉ = 3') && text.includes('utilization = ⌊300m × 100 ÷ 400m⌋ = 75%'), 'the HPA formula at step 5');
    await app.pressOnBody('6');
    await app.expectStep(6);
    await app.until(cardText(app), (text) => text.includes('at most 4 pods, at least 3 available'), 'the rollout budget at step 6');
    await app.setManifest((await app.manifest()).replace('replicas: 2', 'replicas: 10'));
    await app.until(cardText(app), (text) => text.includes('at most 15 pods, at least 9 available'), 'the budget for 12 replicas');
  } finally {
    await app.close();
  }
});
