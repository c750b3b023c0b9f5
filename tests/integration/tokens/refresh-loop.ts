// Child process for the SIGKILL drill: refreshes the server `s` again and again, with short idle gaps as real use has.
import { setTimeout as sleep } from 'node:timers/promises';
import { Engine } from '../../../main/engine.ts';

const engine = await Engine.open(process.argv[2] ?? '', { MCPDESK_VAULT: 'passphrase', MCPDESK_PASSPHRASE: 'test passphrase' });
process.stdout.write('ready\n');
for (;;) {
  await engine.refresh('s');
  await sleep(Math.random() * 60);
}
