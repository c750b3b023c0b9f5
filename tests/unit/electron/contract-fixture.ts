// The method table the IPC tests check against: the contract's own (app/contract/api.ts).
import { methods } from '../../../app/contract/api.ts';
import type { MethodSpec } from '../../../app/electron/main/ipc.ts';

export function contractMethods(): Readonly<Record<string, MethodSpec>> {
  return methods;
}
