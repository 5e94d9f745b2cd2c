import { isLeadOf, isPcnAdmin, requirePcn } from '../access';
import type { Clock } from '../clock';
import {
  addDays,
  dayOf,
  type Person,
  type Plan,
  type PlanNotice,
  type PlanRow,
  type PlansListView,
  platformList,
} from '../domain';
import { NameMatcher } from '../ask/names';
import type { Store } from '../store';
import { cut, whenLabel } from './plan-text';

/** How many plans the `plans` card lists: enough for a few weeks, short enough to fit the screen. */
export const PLANS_ON_CARD = 6;
/** How far ahead `plans` looks. */
const DAYS_AHEAD = 183;

/**
 * `plans`: the PCN's coming plans (or one practice's), soonest first, for
 * anyone in the team, with Edit, Cancel and Mark posted where the person may
 * change them (the practice's leads and PCN admins).
 */
export class PlanListService {
  constructor(
    private readonly store: Pick<Store, 'pcns' | 'practices' | 'plans'>,
    private readonly clock: Clock,
  ) {}

  /**
   * The coming plans. `practiceWords` ("Riverside") narrows them to the
   * practice it names; `practiceId` to that practice (a card's button).
   */
  async view(
    pcnId: string,
    actor: Person,
    options: { practiceWords?: string; practiceId?: string; notice?: PlanNotice } = {},
  ): Promise<PlansListView> {
    const pcn = await requirePcn(this.store, pcnId);
    const practices = await this.store.practices.list(pcnId);
    const admin = isPcnAdmin(pcn, actor);
    const today = dayOf(this.clock.now());
    let practice = options.practiceId ? practices.find((p) => p.practiceId === options.practiceId) : undefined;
    let notice = options.notice;
    const words = options.practiceWords?.trim();
    if (words) {
      const hit = new NameMatcher(practices.map((p) => ({ id: p.practiceId, name: p.name }))).find(words);
      practice = practices.find((p) => p.practiceId === hit?.id);
      if (!practice) {
        notice ??= {
          kind: 'error',
          text: `I could not find a practice called “${cut(words, 60)}”, so here are the whole PCN’s plans.`,
        };
      }
    }
    const names = new Map(practices.map((p) => [p.practiceId, p.name]));
    const coming = (await this.store.plans.between(pcnId, { start: today, end: addDays(today, DAYS_AHEAD) })).filter(
      (p) => p.status !== 'cancelled' && (!practice || p.practiceId === practice.practiceId),
    );
    const mayChange = (plan: Plan) => {
      if (admin) return true;
      const owner = practices.find((p) => p.practiceId === plan.practiceId);
      return !!owner && isLeadOf(owner, actor);
    };
    const rows: PlanRow[] = coming.slice(0, PLANS_ON_CARD).map((plan) => {
      const about = [practice ? undefined : (names.get(plan.practiceId) ?? 'A practice no longer in the PCN'), plan.campaignName]
        .filter(Boolean)
        .join(', ');
      const summary = cut(plan.summary, 110);
      return {
        planId: plan.planId,
        heading: `${whenLabel(plan, today)}: ${platformList(plan.platforms)}`,
        detail: about ? `${about}: ${summary}` : summary,
        status: plan.status === 'posted' ? 'Posted' : '',
        canChange: plan.status === 'planned' && mayChange(plan),
      };
    });
    return {
      title: practice ? `${practice.name}: coming plans` : `${pcn.name}: coming plans`,
      intro: coming.length
        ? 'Soonest first. Everyone in the PCN can see these.'
        : `Nothing is planned${practice ? ` by ${practice.name}` : ''} yet.`,
      plans: rows,
      moreCount: Math.max(0, coming.length - rows.length),
      canPlan: admin || practices.some((p) => isLeadOf(p, actor)),
      notice,
    };
  }
}
