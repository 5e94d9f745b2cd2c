import type { Clock } from '../clock';
import type { QuickCheckCardRenderer } from '../domain';
import type { Logger } from '../logger';
import type { Store } from '../store';
import { AnswerService } from './answers';
import { ExportService, type ExportOptions } from './export-service';
import { ReminderService } from './reminders';
import { ResultsService } from './results';
import { type QuickCheckOutbox, RoundService } from './rounds';

export interface QuickCheckDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Where cards go first (services/outbox/outbox.ts). */
  readonly outbox: QuickCheckOutbox;
  readonly export: ExportOptions;
  /** How its cards are drawn (cards/quick-check-renderer.ts). */
  readonly cards: QuickCheckCardRenderer;
}

/**
 * The quarterly Social Media Quick Check, as one dependency for the bot and
 * the scheduler: rounds (open, post cards), answers (record, change),
 * results, reminders and close, and the CSV export.
 */
export class QuickCheck {
  readonly rounds: RoundService;
  readonly answers: AnswerService;
  readonly results: ResultsService;
  readonly reminders: ReminderService;
  readonly exports: ExportService;

  constructor(deps: QuickCheckDeps) {
    const repo = deps.store.quickCheck;
    this.rounds = new RoundService(deps.store, repo, deps.clock, deps.outbox, deps.logger, deps.cards);
    this.answers = new AnswerService(deps.store, repo, deps.clock, deps.outbox, deps.logger, deps.cards);
    this.results = new ResultsService(deps.store, repo, deps.clock);
    this.reminders = new ReminderService(deps.store, repo, deps.clock, deps.logger, deps.cards, deps.outbox);
    this.exports = new ExportService(deps.store, repo, deps.clock, deps.export, deps.logger);
  }
}

export { QUICK_CHECK_CARD_SOURCE } from './messages';
export type { OpenRoundResult, QuickCheckOutbox } from './rounds';
export type { RemindNowResult } from './reminders';
