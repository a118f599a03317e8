/**
 * The HTML page in a real headless browser (Debian's chromium through playwright-core): it loads
 * from disk without any network request, filters, sorts, and shows the right counts.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM_PATH, chromiumInstalled, launchChromium } from './browser';
import { buildInventory, type Inventory } from './inventory';
import { renderHtml } from './render';

const ROOT = join(__dirname, '..');

async function open(browser: Browser, inv: Inventory): Promise<{ page: Page; requests: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'inventory-html-'));
  const file = join(dir, 'inventory.html');
  writeFileSync(file, renderHtml(inv));
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const requests: string[] = [];
  page.on('request', (req) => requests.push(req.url()));
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 10_000 });
  expect(errors).toEqual([]);
  return { page, requests };
}

const count = (page: Page) => page.locator('#count').textContent();
const rowCount = (page: Page) => page.locator('#rows tr').count();

if (!chromiumInstalled()) {
  // eslint-disable-next-line no-console
  console.warn(`inventory/html.test.ts: SKIPPED: ${CHROMIUM_PATH} is not installed (run .ci/install-chromium.sh, or set CHROMIUM_PATH)`);
}
const describeBrowser = chromiumInstalled() ? describe : describe.skip;

describeBrowser(`inventory HTML page in headless Chromium (${CHROMIUM_PATH})`, () => {
  let browser: Browser;
  const shop = buildInventory({ root: join(__dirname, '__fixtures__', 'shop-app'), cwd: ROOT, staticOnly: true });

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('loads from disk with no request beyond the file, and shows every route and the counts', async () => {
    const { page, requests } = await open(browser, shop);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatch(/^file:\/\//);
    expect(await count(page)).toBe('Showing 19 of 19 routes');
    expect(await rowCount(page)).toBe(19);
    expect(await page.locator('#card-routes .n').textContent()).toBe('19');
    expect(await page.locator('#card-unresolved .n').textContent()).toBe('3');
    expect(await page.locator('#unresolved-rows tr').count()).toBe(3);
    const teams = await page.locator('#team-bars .bar-row').evaluateAll((rows) =>
      rows.map((r) => [r.getAttribute('data-group'), Number(r.getAttribute('data-total')), Number(r.getAttribute('data-fastify')), Number(r.getAttribute('data-shadow'))]));
    expect(teams).toEqual(shop.summary.byTeam.map((t) => [t.name, t.total, t.fastify, t.shadow]));
    expect(await page.locator('#team-bars .bar-row[data-group="accounts"] .nums').textContent()).toBe('1/9 on Fastify (11%), 2 shadow');
    expect(await page.locator('#router-bars .bar-row').count()).toBe(shop.summary.byRouter.length);
    await page.close();
  });

  test('filters by team, state, outcome and text, and the bars follow the filters', async () => {
    const { page } = await open(browser, shop);
    await page.selectOption('#filter-team', 'orders');
    expect(await count(page)).toBe('Showing 5 of 19 routes');
    expect(await page.locator('#rows tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-team')))).toEqual(Array(5).fill('orders'));
    expect(await page.locator('#team-bars .bar-row').count()).toBe(1);
    await page.selectOption('#filter-outcome', 'adapter');
    expect(await count(page)).toBe('Showing 2 of 19 routes');
    await page.selectOption('#filter-team', '');
    await page.selectOption('#filter-outcome', '');
    await page.selectOption('#filter-state', 'shadow');
    expect(await count(page)).toBe('Showing 2 of 19 routes');
    await page.selectOption('#filter-state', '');
    await page.fill('#filter-text', 'admin/');
    expect(await page.locator('#rows td.path').allTextContents()).toEqual(expect.arrayContaining(['/admin/stats', '/admin/cache/flush']));
    expect(await count(page)).toBe('Showing 2 of 19 routes');
    await page.fill('#filter-text', 'no-such-route');
    expect(await count(page)).toBe('Showing 0 of 19 routes');
    expect(await page.locator('#team-bars').textContent()).toContain('No route matches');
    await page.close();
  });

  test('sorts by a column, and reverses on a second click', async () => {
    const { page } = await open(browser, shop);
    const paths = () => page.locator('#rows td.path').allTextContents();
    const diffsHeader = page.locator('th[data-key="diffs"]');
    await diffsHeader.click();
    await diffsHeader.click();
    expect(await diffsHeader.getAttribute('aria-sort')).toBe('descending');
    expect((await paths()).slice(0, 2)).toEqual(['/api/v1/users/:id', '/api/v1/users/:id']);
    await page.locator('th[data-key="path"]').click();
    const asc = await paths();
    expect(asc).toEqual([...asc].sort());
    await page.locator('th[data-key="path"]').click();
    expect(await paths()).toEqual([...asc].reverse());
    await page.close();
  });

  test('the page of our legacy app shows every route of it', async () => {
    const legacy = buildInventory({ root: join(ROOT, 'legacy-app'), cwd: ROOT, staticOnly: true });
    const { page } = await open(browser, legacy);
    expect(await count(page)).toBe(`Showing ${legacy.routes.length} of ${legacy.routes.length} routes`);
    expect(await page.locator('#card-fastify .n').textContent()).toMatch(new RegExp(`^${legacy.summary.byState.fastify} `));
    await page.close();
  });
});
