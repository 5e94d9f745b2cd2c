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

/** At most this many plans on the `plans` card: enough for a few weeks. */
export const PLANS_ON_CARD = 6;
/**
 * What the card's plans may take, in lines of text, so it stays under 600
 * px in a 446 px wide card: a plan is three (its day, what, a rule), and
 * its Edit, Cancel and Mark posted buttons two more. Six plans to read, or
 * four to change, fit.
 */
const LINES_ON_CARD = 20;
const planLines = (canChange: boolean) => (canChange ? 5 : 3);
/** About one line of a 446 px wide card. */
const DETAIL_CHARACTERS = 60;
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
    const row = (plan: Plan, canChange: boolean): PlanRow => {
      const about = [practice ? undefined : (names.get(plan.practiceId) ?? 'A practice no longer in the PCN'), plan.campaignName]
        .filter(Boolean)
        .join(', ');
      return {
        planId: plan.planId,
        heading: `${whenLabel(plan, today)}: ${platformList(plan.platforms)}`,
        // One line in a narrow card: what it is, not the whole draft (Edit shows it all).
        detail: cut(about ? `${about}: ${plan.summary}` : plan.summary, DETAIL_CHARACTERS),
        status: plan.status === 'posted' ? 'Posted' : '',
        canChange,
      };
    };
    const rows: PlanRow[] = [];
    let lines = 0;
    for (const plan of coming) {
      const canChange = plan.status === 'planned' && mayChange(plan);
      lines += planLines(canChange);
      if (rows.length >= PLANS_ON_CARD || lines > LINES_ON_CARD) break;
      rows.push(row(plan, canChange));
    }
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
