/**
 * The vocabulary every layer shares: ids, PCN and practice, the quick
 * check's questions and records, quarters and London dates, the outbox's
 * records and the view models cards render. No I/O and no imports from
 * services, cards or the bot: cards and the store import only this.
 */
export * from './pcn';
export * from './questions';
export * from './quick-check';
export * from './quarters';
export * from './london-dates';
export * from './schedule';
export * from './settings';
export * from './messages';
export * from './outbox';
export * from './views';
export * from './cards';
export * from './input';
export * from './campaigns';
export * from './days';
export * from './plans';
export * from './warnings';
