// The renderer in states the journey never reaches, driven through a fake desktop bridge (window.mcpdesk): states in the list and the detail pane, progress, errors with hints, forms, a stale 10,000-entry registry, diagnostics; axe on each.
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { join } from 'node:path';
import { serveRenderer } from './static-server.ts';

let server: { url: string; close(): Promise<void> };
test.beforeAll(async () => {
  server = await serveRenderer();
});
test.afterAll(() => server.close());

type Fake = { __emit(name: string, payload: unknown): void };
const emit = (page: Page, name: string, payload: unknown) => page.evaluate(([n, p]) => (globalThis as unknown as Fake).__emit(n as string, p), [name, payload] as const);

const errors: string[] = [];
async function axe(page: Page, name: string) {
  await page.screenshot({ path: `test-results/screens/states-${name}.png`, fullPage: true });
  const r = await new AxeBuilder({ page }).analyze();
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3)}`), name).toEqual([]);
}

test('states the journey does not reach', async ({ page }) => {
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.addInitScript({ path: join(import.meta.dirname, 'fake-desktop.js') });
  await page.goto(server.url);
  await expect(page.getByTestId('state-alpha')).toHaveText(/Signed in until .* \(in 2 min/);
  await expect(page.getByTestId('mcp-version-alpha')).toHaveText('2026-07-28 (stateless)');
  await expect(page.getByTestId('state-beta')).toHaveText(/Refresh failing — retrying at/);
  await expect(page.getByTestId('detail-alpha')).toBeVisible(); // the first server is shown in the detail pane
  await page.getByTestId('server-beta').getByRole('button', { name: 'beta, show details' }).click();
  await expect(page.getByTestId('detail-beta')).toContainText('HTTP 503');
  await page.getByTestId('server-alpha').getByRole('button', { name: 'alpha, show details' }).click();
  await expect(page.getByTestId('state-gamma')).toHaveText(/Expired — refreshes on use/);
  await expect(page.getByTestId('state-delta')).toHaveText('No sign-in');
  await expect(page.getByTestId('registry-state-private')).toHaveText('Sign-in needed');
  await axe(page, 'servers');

  // Sign-in progress in the live region; failure shows message + hint.
  await page.getByTestId('detail-alpha').getByRole('button', { name: 'Sign in again' }).click();
  await emit(page, 'signInProgress', { name: 'alpha', registry: false, phase: 'waiting-for-browser', message: 'Waiting for you in the browser' });
  await expect(page.getByTestId('state-alpha')).toHaveText('Signing in…');
  await expect(page.getByTestId('detail-alpha').getByRole('button', { name: 'Sign in again' })).toBeDisabled();
  await expect(page.getByTestId('detail-alpha').getByRole('button', { name: 'Check' })).toBeEnabled();
  await emit(page, 'signInProgress', { name: 'alpha', registry: true, phase: 'failed', message: 'The registry AS refused', hint: 'Check the client id' });
  await expect(page.getByTestId('progress-registry-alpha')).toContainText('Check the client id');
  await expect(page.getByTestId('progress-alpha')).toHaveAttribute('data-phase', 'waiting-for-browser');
  await axe(page, 'progress');
  // Cancel asks the host for exactly that sign-in; the host's "cancelled" ends it without an error.
  await page.getByRole('button', { name: 'Cancel sign-in to Server alpha' }).click();
  expect(await page.evaluate(() => (globalThis as unknown as { __calls: [string, unknown][] }).__calls.filter(([m]) => m === 'cancelSignIn'))).toEqual([['cancelSignIn', { name: 'alpha', registry: false }]]);
  await emit(page, 'signInProgress', { name: 'alpha', registry: false, phase: 'cancelled', message: 'Sign-in cancelled' });
  await expect(page.getByTestId('progress-alpha')).toContainText('Sign-in cancelled');
  await expect(page.getByRole('button', { name: 'Cancel sign-in to Server alpha' })).toHaveCount(0);
  await axe(page, 'progress cancelled');

  // A device sign-in (RFC 8628): "Use a code instead" asks for one; the code and page are shown with a copy button.
  await emit(page, 'signInProgress', { name: 'alpha', registry: false, phase: 'waiting-for-browser', message: 'Waiting for you in the browser' });
  await page.getByRole('button', { name: 'Use a code instead to sign in to Server alpha on another device' }).click();
  expect(await page.evaluate(() => (globalThis as unknown as { __calls: [string, unknown][] }).__calls.filter(([m]) => m === 'signIn').at(-1))).toEqual(['signIn', { name: 'alpha', device: true }]);
  await emit(page, 'signInProgress', { name: 'alpha', registry: false, phase: 'waiting-for-code', message: 'Waiting for the code to be entered on another device…', device: { userCode: 'WDJB-MJHT', verificationUri: 'https://as.example/device', expiresAt: '2030-01-01T00:00:00.000Z' } });
  await expect(page.getByTestId('device-user-code')).toHaveText('WDJB-MJHT');
  await expect(page.getByTestId('device-code')).toContainText('https://as.example/device');
  await expect(page.getByRole('button', { name: 'Copy the sign-in code for Server alpha' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Cancel sign-in to Server alpha' })).toBeVisible();
  await axe(page, 'progress device code');
  await emit(page, 'signInProgress', { name: 'alpha', registry: false, phase: 'cancelled', message: 'Sign-in cancelled', device: { userCode: 'WDJB-MJHT', verificationUri: 'https://as.example/device', expiresAt: '2030-01-01T00:00:00.000Z' } });
  await expect(page.getByTestId('device-code')).toHaveCount(0);

  // A bridge's client asked for a scope: the banner offers the sign-in, which asks for that scope too (a step-up).
  await emit(page, 'signInRequested', { name: 'alpha', scope: 'mcp:admin' });
  await expect(page.getByRole('alert').filter({ hasText: 'it asked for mcp:admin' })).toBeVisible();
  await axe(page, 'sign-in requested');
  await page.getByRole('button', { name: 'Sign in to alpha' }).click();
  expect(await page.evaluate(() => (globalThis as unknown as { __calls: [string, unknown][] }).__calls.filter(([m]) => m === 'signIn').at(-1))).toEqual(['signIn', { name: 'alpha', scope: 'mcp:admin' }]);

  // Disconnect from the row's menu: preview first.
  await page.getByRole('button', { name: 'More actions for alpha' }).click();
  await page.getByRole('menuitem', { name: 'Disconnect Cursor' }).click();
  const d = page.getByRole('dialog');
  await expect(d.getByRole('heading')).toHaveText('Disconnect alpha from Cursor');
  await expect(d.getByRole('button', { name: 'Disconnect', exact: true })).toBeDisabled();
  await d.getByRole('button', { name: 'Preview' }).click();
  await d.getByRole('button', { name: 'Disconnect', exact: true }).click();
  await expect(d.getByTestId('connect-result')).toContainText('mcp.json.mcpdesk-backup');
  await expect(d.getByRole('button', { name: 'Disconnect', exact: true })).toBeDisabled();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'More actions for alpha' })).toBeFocused();

  // Edit form: secret blank = keep, described; validation focus in the advanced section.
  await page.getByRole('button', { name: 'More actions for beta' }).click();
  await page.getByRole('menuitem', { name: 'Edit' }).click();
  const f = page.getByRole('form', { name: 'Edit beta' });
  await expect(f.getByLabel('Client secret')).toHaveAccessibleDescription(/Leave blank to keep/);
  await expect(f.getByLabel('Scopes')).toBeVisible();
  await f.getByLabel('Callback port').fill('80');
  await f.getByRole('button', { name: 'Save' }).click();
  await expect(f.getByLabel('Callback port')).toBeFocused();
  await expect(f.getByLabel('Callback port')).toHaveAccessibleDescription(/1024 to 65535/);
  await axe(page, 'edit-invalid');
  await f.getByRole('button', { name: 'Cancel' }).click();

  // Add server: server error with hint in an alert.
  await page.getByRole('button', { name: 'Add server' }).click();
  const a = page.getByRole('form', { name: 'Add a server' });
  await a.getByLabel('Name').fill('alpha');
  await a.getByLabel('Server URL').fill('https://x.example/mcp');
  await a.getByLabel('Pre-registered OAuth client').check();
  await a.getByRole('button', { name: 'Add server' }).click();
  await expect(a.getByLabel('Client ID')).toBeFocused();
  await expect(a.getByText('A pre-registered client needs its client id')).toBeVisible();
  await a.getByLabel('Client ID').fill('cid');
  await a.getByRole('button', { name: 'Add server' }).click();
  await expect(a.getByRole('alert')).toContainText('Pick another name.');
  await axe(page, 'add-error');
  await a.getByRole('button', { name: 'Cancel' }).click();

  // Add server, machine sign-in: a client id alone is refused next to the secret field; a generated key hides it.
  await page.getByRole('button', { name: 'Add server' }).click();
  await a.getByLabel('Name').fill('robot');
  await a.getByLabel('Server URL').fill('https://x.example/mcp');
  await a.getByLabel('Machine sign-in (client credentials, no browser)').check();
  await a.getByLabel('Client ID').fill('robot-client');
  await a.getByRole('button', { name: 'Add server' }).click();
  await expect(a.getByLabel('Client secret')).toBeFocused();
  await expect(a.getByText('Give the client secret, or generate a signing key')).toBeVisible();
  await axe(page, 'add-machine-invalid');
  await a.getByLabel('Signing key').selectOption('ES256');
  await expect(a.getByLabel('Client secret')).toHaveCount(0);
  await a.getByRole('button', { name: 'Cancel' }).click();

  // Registries: SignInRequired, then the stale one with 10,000 entries.
  await page.getByRole('button', { name: 'Registries' }).click();
  await page.getByLabel('Registry', { exact: true }).selectOption('private');
  await expect(page.getByRole('button', { name: 'Sign in to this registry' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('Sign in to the registry, then browse again.');
  await axe(page, 'registry-signin');
  await page.getByLabel('Registry', { exact: true }).selectOption('stale');
  await expect(page.getByTestId('stale')).toContainText('HTTP 502');
  await expect(page.getByTestId('entry-count')).toHaveText('10000 of 10000 servers');
  await expect(page.getByTestId('entry-io.ex/s5')).toContainText('<img src=x onerror=alert(1)> text only');
  expect(await page.getByTestId('entry-list').locator('li').count()).toBeLessThan(40);
  await page.getByTestId('entry-list').evaluate((el) => { el.scrollTop = 76 * 9000; });
  await expect(page.getByTestId('entry-io.ex/s9001')).toBeVisible();
  await page.getByLabel('Search stale').fill('server 7777');
  await expect(page.getByTestId('entry-count')).toHaveText('1 of 10000 servers');
  await axe(page, 'registry-stale');
  await page.getByTestId('entry-io.ex/s7777').getByRole('button', { name: 'Add Server 7777' }).click();
  const e = page.getByRole('dialog');
  await expect(e.getByLabel('X-Api-Key (required)')).toHaveAttribute('type', 'password');
  await expect(e.getByLabel('Server name')).toHaveValue('s1');
  await expect(e).toContainText('javascript:alert(1)');
  await expect(e.locator('a')).toHaveCount(0);
  await axe(page, 'add-entry');
  await page.keyboard.press('Escape');

  // Diagnostics: dropped scope marked, offline_access not; live append; export downloads.
  await page.getByRole('button', { name: 'Diagnostics' }).click();
  await expect(page.getByTestId('scope-diff').nth(1)).toBeVisible();
  await expect(page.locator('.scope-dropped')).toHaveCount(2); // mcp:write in the scope table and in the warning line

  await emit(page, 'diagnosticsAppended', { name: 'alpha', event: { at: new Date().toISOString(), kind: 'refresh', message: 'Refreshed live', data: { scopesRequested: ['a'], scopesGranted: ['a'] } } });
  await expect(page.getByTestId('timeline').locator('li').first()).toContainText('Refreshed live');
  const dl = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export' }).click();
  expect((await dl).suggestedFilename()).toBe('mcpdesk-diagnostics.json');
  await axe(page, 'diagnostics');

  await page.getByRole('button', { name: 'Settings' }).click();
  // The desktop app shows notifications natively (none in the page); a click on one (notificationOpened) opens the server's sign-in.
  await emit(page, 'notification', { id: 'n-1', kind: 'sign-in-needed', server: 'beta', title: 'beta: sign-in needed', body: 'Sign in again.', open: 'sign-in' });
  await expect(page.getByRole('region', { name: 'Notifications' })).toHaveCount(0);
  await expect(page.getByTestId('notify-refreshFailing')).toBeChecked();
  await expect(page.getByTestId('notify-permission')).toHaveCount(0);
  await emit(page, 'notificationOpened', { id: 'n-1', server: 'beta', open: 'sign-in' });
  await expect(page.getByTestId('detail-beta').getByRole('button', { name: 'Sign in again' })).toBeFocused();
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Dark').check();
  await axe(page, 'settings-dark');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await axe(page, 'servers-dark');
  expect(errors).toEqual([]);
});
