/**
 * npx tsx inventory/screenshot.ts [app root] [png]: renders the inventory page of an app (default
 * legacy-app) in headless Chromium and saves a screenshot of the first 1500 pixels (default
 * inventory/screenshots/inventory.png).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchChromium } from './browser';
import { buildInventory } from './inventory';
import { renderHtml } from './render';

export async function screenshot(root: string, png: string, width = 1440, height = 1500): Promise<void> {
  const inv = buildInventory({ root, cwd: join(__dirname, '..') });
  const dir = mkdtempSync(join(tmpdir(), 'inventory-shot-'));
  const html = join(dir, 'inventory.html');
  writeFileSync(html, renderHtml(inv));
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width, height } });
    await page.goto(pathToFileURL(html).href);
    await page.waitForSelector('body[data-ready="true"]');
    mkdirSync(dirname(png), { recursive: true });
    await page.screenshot({ path: png });
  } finally {
    await browser.close();
  }
}

if (require.main === module) {
  const root = resolve(process.argv[2] ?? join(__dirname, '..', 'legacy-app'));
  const png = resolve(process.argv[3] ?? join(__dirname, 'screenshots', 'inventory.png'));
  screenshot(root, png).then(() => console.log(`inventory: screenshot ${png}`), (err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
