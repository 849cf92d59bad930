/** Kernel engines the engine-parameterised suites run on; add an entry to cover another engine. */
import { initBackend } from '../src/index.ts';

export interface EngineUnderTest {
  name: string;
  init: () => Promise<void>;
}

export const ENGINES: EngineUnderTest[] = [
  { name: 'js', init: () => initBackend({ engine: 'js' }) },
  { name: 'ort', init: () => initBackend({ engine: 'ort', threads: 1 }) },
];
