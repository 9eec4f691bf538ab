// The built page carries a strict Content-Security-Policy (scripts/csp.mjs) and works under
// it: every mode, playback, the editor and the exports, with no violation (every other test
// fails on a violation too, in AppPage.close).
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

test('a strict policy, and the whole lesson works under it', { timeout: TEST_TIMEOUT }, async () => {
  const app = await AppPage.open(browser);
  try {
    const policy = await app.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(policy, /^default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/]+='; style-src 'self'; style-src-attr 'unsafe-inline';/);
    assert.doesNotMatch(policy, /script-src[^;]*'unsafe-inline'/, 'no inline scripts beyond the hashed loader');
    // An injected inline script is refused: the policy is in force.
    const ran = await app.page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.injected = true';
      document.head.append(script);
      return window.injected === true;
    });
    assert.equal(ran, false, 'an inline script does not run');
    await app.until(() => app.violations.length, (n) => n === 1, 'the refusal reported');
    app.violations.length = 0;
    app.errors.length = 0;
    await app.typeAtEnd('# an edit\n');
    await app.click('play');
    await app.page.waitForTimeout(800);
    await app.click('play');
    for (const mode of ['table', 'tracker', 'moments', 'quiz', 'snapshot', 'transcript', 'kubectl', 'predict', 'visual']) await app.mode(mode);
    await app.page.waitForTimeout(300);
    assert.deepEqual(app.violations, [], 'no violation while the student works');
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});
