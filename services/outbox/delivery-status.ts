import type { OutboxStatusReport, Person } from '../domain';
import type { Store } from '../store';
import type { Outbox } from './outbox';

/** What the `status` card shows: the outbox's report and the names it needs to describe older items. */
export interface DeliveryOverview {
  readonly pcnName: string;
  readonly report: OutboxStatusReport;
  readonly practices: readonly { readonly practiceId: string; readonly name: string; readonly leads: readonly Person[] }[];
}

/** The delivery status of a PCN's messages, for its admins (the edge checks who may ask). */
export class DeliveryStatus {
  constructor(
    private readonly store: Pick<Store, 'pcns' | 'practices'>,
    private readonly outbox: Pick<Outbox, 'status'>,
  ) {}

  async overview(pcnId: string): Promise<DeliveryOverview> {
    const [pcn, report, practices] = await Promise.all([
      this.store.pcns.get(pcnId),
      this.outbox.status(pcnId),
      this.store.practices.list(pcnId),
    ]);
    return { pcnName: pcn?.name ?? 'your PCN', report, practices };
  }
}
