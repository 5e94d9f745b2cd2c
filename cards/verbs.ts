/**
 * Card action verbs, shared by the card templates (as `verb` on Action.Execute
 * and in the `data` of the Action.Submit fallback) and the handlers in bot/.
 */
export const Verbs = {
  openSetup: 'setup.open',
  /** Replaces the card clicked with the main set-up card (every focused card's "Back to setup"). */
  showSetup: 'setup.show',
  editPractice: 'setup.editPractice',
  /** Replaces the set-up card with the "Add a practice" card, which lists the team once. */
  newPractice: 'setup.newPractice',
  /** Replaces the set-up card with the "Channel and admins" card, which lists the team once. */
  editSettings: 'setup.editSettings',
  addPractice: 'setup.addPractice',
  /** Replaces the set-up card with the "Add several practices" card: one box for a pasted list. */
  newPractices: 'setup.newPractices',
  /** Adds every practice in the pasted list at once, or none. */
  addPractices: 'setup.addPractices',
  /** Saves one new practice's leads and shows the next one added ("Save and next"). */
  saveLeads: 'setup.saveLeads',
  savePractice: 'setup.savePractice',
  removePractice: 'setup.removePractice',
  saveSettings: 'setup.saveSettings',
  quickCheckSubmit: 'quickCheck.submit',
  quickCheckChange: 'quickCheck.change',
  resultsShow: 'results.show',
  /** The results card's "Remind now" beside a practice that has not answered: PCN admins only. */
  resultsRemind: 'results.remind',
  statusShow: 'status.show',
  statusRetry: 'status.retry',
  settingsSave: 'settings.save',
  /** The export offer's button: the download link, for the admin who pressed it only. */
  exportLink: 'export.link',
} as const;

export type Verb = (typeof Verbs)[keyof typeof Verbs];

export const ALL_VERBS: readonly string[] = Object.values(Verbs);

export function isVerb(value: unknown): value is Verb {
  return typeof value === 'string' && ALL_VERBS.includes(value);
}
