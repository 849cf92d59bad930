import { descentRestorer } from './restorers/descent.ts';
import type { Restorer } from './types.ts';

/** Built-in restorers. A custom restorer needs no registration: pass the object where one is expected. */
export const restorers: readonly Restorer[] = [descentRestorer];

/** Looks a built-in restorer up by name; the error lists the known names. */
export function getRestorer(name: string): Restorer {
  const restorer = restorers.find((candidate) => candidate.name === name);
  if (restorer === undefined) {
    throw new Error(
      `unknown restorer "${name}"; known restorers: ${restorers.map((r) => r.name).join(', ')}`,
    );
  }
  return restorer;
}
