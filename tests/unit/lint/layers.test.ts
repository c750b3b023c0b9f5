// The layer rule is enforced by lint (DESIGN.md "Architecture"): each forbidden import is an error, allowed ones are not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: join(import.meta.dirname, '..', '..', '..') });

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const cases: [string, string, boolean][] = [
  ['renderer/app.tsx', "import { Engine } from '../main/engine.ts';\nexport const e = Engine;\n", false],
  ['renderer/app.tsx', "import { x } from '../app/cli/run.ts';\nexport const e = x;\n", false],
  ['renderer/app.tsx', "import { readFileSync } from 'node:fs';\nexport const e = readFileSync;\n", false],
  ['renderer/app.tsx', "import { StatusSchema } from '../app/contract/dto.ts';\nexport const e = StatusSchema;\n", true],
  ['main/x.ts', "import { app } from 'electron';\nexport const e = app;\n", false],
  ['main/x.ts', "import { run } from '../app/cli/run.ts';\nexport const e = run;\n", false],
  ['app/cli/x.ts', "import { app } from 'electron';\nexport const e = app;\n", false],
  ['app/cli/x.ts', "import { y } from '../electron/main.ts';\nexport const e = y;\n", false],
  ['app/cli/x.ts', "import { Engine } from '../../main/engine.ts';\nexport const e = Engine;\n", true],
  ['app/contract/x.ts', "import { Engine } from '../../main/engine.ts';\nexport const e = Engine;\n", false],
  ['app/electron/x.ts', "import { app } from 'electron';\nexport const e = app;\n", true],
  ['app/contract/x.ts', "import { run } from '../cli/run.ts';\nexport const e = run;\n", false],
  ['app/electron/main/x.ts', "import { Engine } from '../../../main/engine.ts';\nexport const e = Engine;\n", true],
  ['app/electron/main/x.ts', "import { StatusSchema } from '../../contract/dto.ts';\nexport const e = StatusSchema;\n", true],
  ['app/electron/main/x.ts', "import Store from 'electron-store';\nexport const e = Store;\n", true],
  ['app/electron/main/x.ts', "import { run } from '../../cli/run.ts';\nexport const e = run;\n", false],
  ['app/electron/main/x.ts', "import { serve } from '../../web/server.ts';\nexport const e = serve;\n", false],
  ['app/electron/preload/x.ts', "import { App } from '../../../renderer/app.tsx';\nexport const e = App;\n", false],
  ['main/x.ts', "import Store from 'electron-store';\nexport const e = Store;\n", false],
  ['app/cli/x.ts', "import Store from 'electron-store';\nexport const e = Store;\n", false],
  ['renderer/app.tsx', "import { x } from '../app/electron/main/ipc.ts';\nexport const e = x;\n", false],
  ['app/host/x.ts', "import { Engine } from '../../main/engine.ts';\nexport const e = Engine;\n", true],
  ['app/host/x.ts', "import { methods } from '../contract/api.ts';\nexport const e = methods;\n", true],
  ['app/host/x.ts', "import { app } from 'electron';\nexport const e = app;\n", false],
  ['app/host/x.ts', "import { serve } from '../web/server.ts';\nexport const e = serve;\n", false],
  ['main/x.ts', "import { h } from '../app/host/handlers.ts';\nexport const e = h;\n", false],
  ['app/electron/main/x.ts', "import { h } from '../../host/handlers.ts';\nexport const e = h;\n", true],
  ['app/web/x.ts', "import { h } from '../host/handlers.ts';\nexport const e = h;\n", true],
];

for (const [file, code, allowed] of cases) {
  test(`${file}: ${code.split('\n')[0]} → ${allowed ? 'allowed' : 'refused'}`, async () => {
    const errors = await layerErrors(file, code);
    if (allowed) assert.deepEqual(errors, []);
    else assert.ok(errors.length > 0, 'expected a layer error');
  });
}
