// Writes the README's screenshots to docs/screenshots/: the seed lesson at steps 2, 5 and 6 in
// light and dark, each of the nine modes at step 6, and presenter mode at projector sizes. Prints the presenter's rendered font
// sizes (the stage's smallest pod label and the explanation's text) for each size.
//
//   node e2e/bench/screenshots.mjs [BASE_URL]
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '../tests/app_page.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = resolve(ROOT, 'docs/screenshots');
const BASE_URL = process.argv[2] ?? 'http://127.0.0.1:8080/';

await mkdir(OUT, { recursive: true });
const browser = await launchBrowser();

async function open(url, viewport, colorScheme) {
  const page = await (await browser.newContext({ viewport, colorScheme, reducedMotion: 'reduce' })).newPage();
  await page.goto(url);
  await page.locator('[data-testid=stage] [data-testid=pod]').first().waitFor({ timeout: 60_000 });
  return page;
}

try {
  for (const scheme of ['light', 'dark']) {
    const page = await open(BASE_URL, { width: 1280, height: 720 }, scheme);
    for (const step of ['2', '5', '6']) {
      await page.keyboard.press(step);
      await page.waitForFunction((n) => document.querySelector('[data-testid=step-counter]').textContent.includes(`Step ${n} of`), step);
      await page.waitForTimeout(300);
      await page.screenshot({ path: resolve(OUT, `seed-step-${step}-${scheme}.png`) });
    }
    await page.context().close();
  }
  {
    const page = await open(`${BASE_URL}#step=6`, { width: 1280, height: 720 }, 'light');
    for (const mode of ['visual', 'table', 'tracker', 'moments', 'quiz', 'snapshot', 'transcript', 'kubectl', 'predict']) {
      await page.getByTestId(`mode-${mode}`).click();
      await page.waitForTimeout(300);
      await page.screenshot({ path: resolve(OUT, `mode-${mode}.png`) });
    }
    await page.context().close();
  }
  for (const [width, height] of [[1024, 768], [1920, 1080]]) {
    const page = await open(`${BASE_URL}?present`, { width, height }, 'light');
    await page.keyboard.press('6');
    await page.waitForTimeout(300);
    await page.screenshot({ path: resolve(OUT, `presenter-${width}x${height}.png`) });
    const sizes = await page.evaluate(() => {
      // An SVG text's size on screen: its font size in user units times the picture's scale.
      const rendered = (selector) =>
        Math.min(
          ...[...document.querySelectorAll(selector)].map(
            (element) => parseFloat(getComputedStyle(element).fontSize) * element.ownerSVGElement.getScreenCTM().a,
          ),
        );
      return {
        podLabel: rendered('[data-testid=pod] .stage-pod__status'),
        stageText: rendered('[data-testid=stage] .stage-text'),
        explanation: parseFloat(getComputedStyle(document.querySelector('[data-testid=step-result]')).fontSize),
      };
    });
    console.log(`presenter ${width}×${height}: pod labels ${sizes.podLabel.toFixed(1)} px, smallest stage text ${sizes.stageText.toFixed(1)} px, explanation ${sizes.explanation.toFixed(1)} px (font sizes as rendered)`);
    await page.context().close();
  }
} finally {
  await browser.close();
}
console.log(`screenshots in ${OUT}`);
