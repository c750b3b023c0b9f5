// The server form's sign-in request settings (provider profile, PAR, prompt=consent, resource, DPoP, extra parameters) in Chromium: a bad line is refused where it is typed, the choices reach config.json.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startWorld, type World } from './harness.ts';

let world: World;
test.beforeAll(async () => {
  world = await startWorld();
});
test.afterAll(async () => world?.close());

test('add a server with an Auth0 profile, PAR, no prompt=consent, no resource, no DPoP and an audience: a bad line refused where it is typed, the rest saved as chosen', async ({ page }) => {
  await page.goto(world.uiUrl);
  await page.getByRole('button', { name: 'Add server' }).click();
  const form = page.getByRole('form', { name: 'Add a server' });
  await form.getByLabel('Name').fill('crm');
  await form.getByLabel('Server URL').fill(world.peers.mcp.url);
  await form.getByText('Scopes, resource, redirect and sign-in request').click();
  await form.getByLabel('Identity provider').selectOption('auth0');
  await form.getByLabel(/Push the request first \(PAR\)/).check();
  await form.getByLabel(/Ask for consent with offline_access/).uncheck();
  await form.getByLabel('Resource parameter').selectOption('no');
  await form.getByLabel('Sender-constrained tokens (DPoP)').selectOption('off');
  await form.getByLabel('Extra authorization parameters').fill('audience=https://api.example.com\nnot a parameter');
  await form.getByRole('button', { name: 'Add server' }).click();
  await expect(form.getByText('Line 2: write NAME=VALUE')).toBeVisible();
  await expect(form.getByLabel('Extra authorization parameters')).toBeFocused();
  await page.screenshot({ path: 'test-results/screens/sign-in-request.png', fullPage: true });
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

  await form.getByLabel('Extra authorization parameters').fill('audience=https://api.example.com');
  await form.getByRole('button', { name: 'Add server' }).click();
  await expect(page.getByTestId('server-crm')).toBeVisible();
  const config = JSON.parse(readFileSync(join(world.home, 'data', 'config.json'), 'utf8')) as { servers: { name: string; authorize?: unknown; dpop?: boolean }[] };
  const crm = config.servers.find((s) => s.name === 'crm');
  expect(crm?.authorize).toEqual({ par: true, promptConsent: false, profile: 'auth0', sendResource: false, params: { audience: 'https://api.example.com' } });
  expect(crm?.dpop).toBe(false);
});

test('workload identity from the form: the token file is required, then saved as the server\'s assertion source (a path, never a token)', async ({ page }) => {
  await page.goto(world.uiUrl);
  await page.getByRole('button', { name: 'Add server' }).click();
  const form = page.getByRole('form', { name: 'Add a server' });
  await form.getByLabel('Name').fill('ci-job');
  await form.getByLabel('Server URL').fill(world.peers.mcp.url);
  await form.getByLabel(/Workload identity/).check();
  await form.getByRole('button', { name: 'Add server' }).click();
  await expect(form.getByText('Give the file your workload system writes its token to')).toBeVisible();
  await expect(form.getByRole('textbox', { name: 'Token file' })).toBeFocused();
  await form.getByRole('textbox', { name: 'Token file' }).fill('/var/run/secrets/tokens/mcp');
  await form.getByLabel('Client ID').fill('ci-client');
  await form.getByRole('button', { name: 'Add server' }).click();
  await expect(page.getByTestId('server-ci-job')).toBeVisible();
  const config = JSON.parse(readFileSync(join(world.home, 'data', 'config.json'), 'utf8')) as { servers: { name: string; assertionSource?: unknown; clientId?: string }[] };
  const job = config.servers.find((s) => s.name === 'ci-job');
  expect(job?.assertionSource).toEqual({ file: '/var/run/secrets/tokens/mcp' });
  expect(job?.clientId).toBe('ci-client');
});
