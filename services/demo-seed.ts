import type { Pcn, Practice } from './domain';
import { AlreadyExistsError } from './errors';
import type { Logger } from './logger';
import type { Store } from './store';

/**
 * Local mode only: on an empty store, create the demo PCN the Agents
 * Playground's team stands for, so a newcomer sees a configured PCN at once.
 * One atomic batch; a second instance seeding at the same time loses cleanly.
 */
export async function seedDemoIfEmpty(
  store: Store,
  demo: { readonly pcn: Pcn; readonly practices: readonly Practice[] },
  logger: Logger,
): Promise<boolean> {
  const any = await store.pcns.listAll({ limit: 1 });
  if (any.items.length > 0) return false;
  const pcn: Pcn = { ...demo.pcn, odsCodes: Object.fromEntries(demo.practices.map((p) => [p.odsCode, p.practiceId])) };
  try {
    await store.batch(pcn.pcnId, [store.pcns.createStep(pcn), ...demo.practices.map((p) => store.practices.createStep(p))]);
  } catch (error) {
    if (error instanceof AlreadyExistsError) return false;
    throw error;
  }
  logger.child({ module: 'demo' }).info({ pcnId: demo.pcn.pcnId, practices: demo.practices.length }, 'demo PCN seeded');
  return true;
}
