import type { Clock } from '../clock';
import type { Person } from '../domain';
import { AppError, ValidationError } from '../errors';
import type { Logger } from '../logger';
import type { Store } from '../store';
import type { QuickCheckRepository } from '../store/quick-check-repository';
import { requireAdmin, requirePcn } from '../access';
import { EXPORT_LINK_TTL_MS, EXPORT_PATH, signExportQuery, toCsv, verifyExportQuery } from './export';
import { formatLondonDateTime } from '../domain/london-dates';
import { QUESTIONS } from '../domain/questions';
import { parseQuarter, parseQuarterText, quarterShortLabel } from '../domain/quarters';
import type { AnswerContent, AnswerHistoryEntry } from '../domain/quick-check';

export interface ExportOptions {
  /** Signing key; undefined switches export off (production without EXPORT_SECRET). */
  readonly secret?: Buffer;
  /** The bot's public base URL, for example https://pcn-bot.azurewebsites.net (no trailing slash). */
  readonly baseUrl: string;
}

export type DownloadResult =
  | { readonly status: 200; readonly filename: string; readonly csv: string }
  | { readonly status: 403 | 410; readonly message: string };

const YES_NO = { yes: 'Yes', no: 'No' } as const;

/** CSV export of every answer and its history, for PCN admins, through a signed link that expires in 15 minutes. */
export class ExportService {
  private readonly log: Logger;

  constructor(
    private readonly store: Store,
    private readonly repo: QuickCheckRepository,
    private readonly clock: Clock,
    private readonly options: ExportOptions,
    logger: Logger,
  ) {
    this.log = logger.child({ module: 'export' });
  }

  /**
   * What `export <argument>` would cover (`all` or a quarter id), checking
   * everything a link needs (an admin, a quarter, export switched on)
   * without issuing one.
   */
  async scope(pcnId: string, actor: Person, argument = ''): Promise<{ quarter: string }> {
    return { quarter: (await this.checked(pcnId, actor, argument)).quarter };
  }

  private async checked(pcnId: string, actor: Person, argument: string): Promise<{ quarter: string; secret: Buffer }> {
    const pcn = await requirePcn(this.store, pcnId);
    requireAdmin(pcn, actor, 'export the quick check answers');
    const text = argument.trim();
    // The quarter as people write it ("Q3 2026/27", "last quarter", "October") or as stored on a card's button ("2026-Q4").
    const quarter = text ? (parseQuarter(text) ?? parseQuarterText(text, this.clock.now()))?.id : 'all';
    if (!quarter)
      throw new ValidationError(
        'export',
        'Type **export** for every quarter, or a quarter after it for one quarter only, such as **export last quarter** or **export Q3 2026/27**.',
      );
    if (!this.options.secret) {
      throw new AppError('FORBIDDEN', 'Export is switched off on this bot: your IT team needs to set EXPORT_SECRET first.');
    }
    return { quarter, secret: this.options.secret };
  }

  /** A download link for one quarter (`2026-Q3`) or every quarter (no argument). Admins only. */
  async link(pcnId: string, actor: Person, argument = ''): Promise<{ url: string; expiresAt: Date; quarter: string }> {
    const { quarter, secret } = await this.checked(pcnId, actor, argument);
    const now = this.clock.now();
    const query = signExportQuery(pcnId, quarter, secret, now);
    this.log.info({ pcnId, quarter }, 'export link issued');
    return {
      url: `${this.options.baseUrl}${EXPORT_PATH}?${query}`,
      expiresAt: new Date(now.getTime() + EXPORT_LINK_TTL_MS),
      quarter,
    };
  }

  /** Serves a link: the CSV if it is genuine and in date, otherwise a status and a short reason. */
  async download(query: URLSearchParams): Promise<DownloadResult> {
    if (!this.options.secret) return { status: 403, message: 'Export is switched off on this bot.' };
    const verified = verifyExportQuery(query, this.options.secret, this.clock.now());
    if (!verified.ok) {
      this.log.warn({ reason: verified.reason }, 'export link refused');
      return verified.reason === 'expired'
        ? { status: 410, message: 'This download link has expired. Type export to the bot for a new one.' }
        : { status: 403, message: 'This download link is not valid.' };
    }
    const { pcnId, quarter } = verified.params;
    const csv = await this.csv(pcnId, quarter);
    this.log.info({ pcnId, quarter }, 'export downloaded');
    return { status: 200, filename: exportFilename(quarter), csv };
  }

  /** Every history entry (one row per recorded version), oldest quarter first; the newest version is marked current. */
  async csv(pcnId: string, quarter: string): Promise<string> {
    const [practices, history] = await Promise.all([
      this.store.practices.list(pcnId),
      quarter === 'all' ? this.repo.listAllHistory(pcnId) : this.repo.listHistory(pcnId, quarter),
    ]);
    const names = new Map(practices.map((p) => [p.practiceId, p]));
    const latest = new Map<string, number>();
    for (const h of history)
      latest.set(`${h.quarter}:${h.practiceId}`, Math.max(latest.get(`${h.quarter}:${h.practiceId}`) ?? 0, h.version));
    const sorted = [...history].sort(
      (a, b) =>
        a.quarter.localeCompare(b.quarter) ||
        (names.get(a.practiceId)?.name ?? '').localeCompare(names.get(b.practiceId)?.name ?? '') ||
        a.version - b.version,
    );
    // Headings that explain themselves in a spreadsheet: each question in full, and what the numbers mean.
    const header = [
      'Quarter',
      'Practice',
      'ODS code',
      'Answer number (1 is the first answer; each change adds one)',
      'Latest answers for the quarter?',
      'Answered at (UK time)',
      'Answered by',
      ...QUESTIONS.map((q) => `${q.number}. ${q.text}`),
      'Comment',
      'What changed',
    ];
    const rows = sorted.map((h) => {
      const practice = names.get(h.practiceId);
      const quarter = parseQuarter(h.quarter);
      return [
        quarter ? quarterShortLabel(quarter) : h.quarter,
        practice?.name ?? '(a practice since removed from the PCN)',
        practice?.odsCode ?? '',
        h.version,
        latest.get(`${h.quarter}:${h.practiceId}`) === h.version ? 'Yes' : 'No',
        formatLondonDateTime(h.at),
        h.by.name,
        ...QUESTIONS.map((q) => YES_NO[h.after.answers[q.id]]),
        h.after.comment ?? '',
        whatChanged(h),
      ];
    });
    // The byte order mark makes Excel read the file as UTF-8 (names with accents, the dash).
    return `\uFEFF${toCsv([header, ...rows])}`;
  }
}

/** "quick-check-Q4-2026-27.csv", or "quick-check-all-quarters.csv": named as people count quarters. */
function exportFilename(quarter: string): string {
  const q = parseQuarter(quarter);
  const label = q ? quarterShortLabel(q).replace(/[ /]/g, '-') : 'all-quarters';
  return `quick-check-${label}.csv`;
}

function whatChanged(entry: AnswerHistoryEntry): string {
  if (!entry.before) return 'First answer';
  const before: AnswerContent = entry.before;
  const changes = QUESTIONS.filter((q) => before.answers[q.id] !== entry.after.answers[q.id]).map(
    (q) => `${q.short}: ${YES_NO[before.answers[q.id]]} to ${YES_NO[entry.after.answers[q.id]]}`,
  );
  if ((before.comment ?? '') !== (entry.after.comment ?? '')) changes.push('comment changed');
  return changes.length ? changes.join('; ') : 'Confirmed by another person';
}
