// The method table the IPC tests check against: the contract's (app/contract) once it exists.
import { z } from 'zod';
import type { MethodSpec } from '../../../app/electron/main/ipc.ts';

export function contractMethods(): Readonly<Record<string, MethodSpec>> {
  return { listServers: { input: z.object({}), output: z.array(z.unknown()) } };
}
