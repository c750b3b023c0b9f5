// Notifications in Chromium through `mcpdesk ui`: with the permission granted, a refresh that keeps failing shows one system notification (observed by wrapping window.Notification) whose click opens the server's row; without it, an in-page banner; the setting turns a kind off; axe on each new screen.
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { join } from 'node:path';
import { startWorld, type World } from './harness.ts';

/** How the AS's token endpoint answers: normally, or 503 (a refresh that keeps failing). */
let tokenMode: 'ok' | '503' = 'ok';
let world: World;
test.beforeAll(async () => {
  world = await startWorld({
    as: {
      before: async (ctx, next) => {
        if (tokenMode === 'ok' || ctx.path !== '/token' || ctx.method !== 'POST') return next();
        ctx.status = 503;
        ctx.body = { error: 'temporarily_unavailable', error_description: 'try later' };
      },
    },
  });
});
test.afterAll(async () => world?.close());

type Shown = { title: string; body: string; tag: string };

/** Notifications the page showed, seen through the recorder (record-notifications.js). */
const shown = (page: Page) => page.evaluate(() => (globalThis as unknown as { __shown: Shown[] }).__shown.map((n) => ({ title: n.title, body: n.body })));
const RECORDER = { path: join(import.meta.dirname, 'record-notifications.js') };

async function screen(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screens/notifications-${name}.png`, fullPage: true });
  const result = await new AxeBuilder({ page }).analyze();
  expect(result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`)).toEqual([]);
}

/** Refresh now from the detail pane: "Refresh", or "Retry" (the same call) while refreshes fail. */
async function refresh(page: Page): Promise<void> {
  const button = page.getByTestId('detail-notes').getByRole('button', { name: /^(Refresh|Retry)$/ });
  await button.click();
  await expect(button).toBeEnabled();
}

test.describe('with notifications allowed', () => {
  test.use({ permissions: ['notifications'] });

  test('a refresh that keeps failing: one system notification per episode; its click opens the server\'s row', async ({ page }) => {
    await page.addInitScript(RECORDER);
    await page.goto(world.uiUrl);
    await page.getByRole('button', { name: 'Add server' }).click();
    const form = page.getByRole('form', { name: 'Add a server' });
    await form.getByLabel('Name').fill('notes');
    await form.getByLabel('Server URL').fill(world.peers.mcp.url);
    await form.getByRole('button', { name: 'Add server' }).click();
    const row = page.getByTestId('server-notes');
    await row.getByRole('button', { name: 'Sign in' }).click();
    const tab = await page.context().newPage();
    await tab.goto(await world.nextOpened());
    await expect(tab.locator('body')).toContainText('Signed in to');
    await tab.close();
    await expect(row.getByTestId('state-notes')).toHaveText(/Signed in/);
    await expect.poll(() => shown(page)).toEqual([{ title: 'Signed in to notes', body: 'The sign-in finished; MCP Desk keeps the token fresh.' }]);

    tokenMode = '503';
    await refresh(page);
    await expect(row.getByTestId('state-notes')).toHaveText(/Refresh failing/);
    await refresh(page);
    await refresh(page);
    await expect.poll(async () => (await shown(page)).map((n) => n.title)).toEqual(['Signed in to notes', 'notes: refresh keeps failing']);
    await page.waitForTimeout(500);
    expect((await shown(page)).length, 'one notification for the episode, not one per failed refresh').toBe(2);

    // Away on another screen, the click brings back the server's row, focused.
    await page.getByRole('button', { name: 'Settings' }).click();
    await expect(page.getByTestId('notify-permission')).toContainText('system notifications');
    await screen(page, 'settings');
    await page.evaluate(() => (globalThis as unknown as { __click(i: number): void }).__click(1));
    await expect(row).toBeFocused();
    await screen(page, 'row-focused');
    tokenMode = 'ok';
    await refresh(page);
    await expect(row.getByTestId('state-notes')).toHaveText(/Signed in/);
  });
});

test.describe('without the permission', () => {
  test('an in-page banner instead, with "Turn on notifications"; "Show notes" focuses the row; a kind turned off in Settings is not told', async ({ page }) => {
    await page.addInitScript(RECORDER);
    await page.goto(world.uiUrl);
    const row = page.getByTestId('server-notes');
    await expect(row.getByTestId('state-notes')).toHaveText(/Signed in/);
    tokenMode = '503';
    await refresh(page);
    await refresh(page);
    const banner = page.getByTestId('notice-refresh-failing-notes');
    await expect(banner).toContainText('notes: refresh keeps failing');
    expect(await shown(page)).toEqual([]);
    await expect(page.getByRole('button', { name: 'Turn on notifications' })).toBeVisible();
    await screen(page, 'banner');
    await page.getByRole('button', { name: 'Settings' }).click();
    await banner.getByRole('button', { name: 'Show notes' }).click();
    await expect(row).toBeFocused();
    await expect(banner).toHaveCount(0);

    // Refresh failing turned off: a new episode is not told.
    tokenMode = 'ok';
    await refresh(page);
    await expect(row.getByTestId('state-notes')).toHaveText(/Signed in/);
    await page.getByRole('button', { name: 'Settings' }).click();
    const kind = page.getByTestId('notify-refreshFailing');
    await kind.uncheck();
    await expect(kind).not.toBeChecked();
    await expect(kind).toBeEnabled();
    await page.reload();
    await page.getByRole('button', { name: 'Settings' }).click();
    await expect(page.getByTestId('notify-refreshFailing'), 'kept by the service').not.toBeChecked();
    await expect(page.getByTestId('notify-signInNeeded')).toBeChecked();
    await page.getByRole('button', { name: 'Servers' }).click();
    tokenMode = '503';
    await refresh(page);
    await refresh(page);
    await refresh(page);
    await expect(row.getByTestId('state-notes')).toHaveText(/Refresh failing/);
    await page.waitForTimeout(500);
    await expect(page.getByTestId('notice-refresh-failing-notes')).toHaveCount(0);
    tokenMode = 'ok';
  });
});
