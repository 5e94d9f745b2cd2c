/**
 * The Social Media Quick Check, word for word from "Process 9. Social Media
 * Considerations" (shared/seed). Question ids are stable for ever: answers
 * and history are stored against them.
 */
export const QUICK_CHECK_TITLE = 'Is the approach to social media right/working?';
export const QUICK_CHECK_RULE = 'Answered no to any question? Consider making some changes';

export type QuestionId = 'strategy' | 'managed' | 'impact' | 'value';

export interface Question {
  readonly id: QuestionId;
  readonly number: 1 | 2 | 3 | 4;
  readonly text: string;
  /** A few words for grids and summaries. */
  readonly short: string;
  /** What to do about a "No": from "Effective social media", worded for a practice manager. */
  readonly advice: readonly string[];
}

export const QUESTIONS: readonly Question[] = [
  {
    id: 'strategy',
    number: 1,
    text: 'Is there a content and campaign strategy for social media channels?',
    short: 'Strategy',
    advice: [
      'Know the audience: decide who each social media channel is principally aimed at.',
      'Tell the audience what the channel is used for (for example news, seasonal health campaigns, service updates, appointment availability, wait times).',
      'Have a content plan for the year ahead, and someone to write the content too.',
      'Develop a formal social media policy.',
    ],
  },
  {
    id: 'managed',
    number: 2,
    text: 'Is social media constantly managed, monitored, and kept up to date?',
    short: 'Managed',
    advice: [
      'Moderate and remove inappropriate content, and make regular checks.',
      'Lock down as many of the areas which pose a risk as possible.',
      "Don't be drawn into debates.",
      'Welcome feedback always, with a positive tone and language.',
    ],
  },
  {
    id: 'impact',
    number: 3,
    text: 'Is the operational impact of social media activity understood?',
    short: 'Impact',
    advice: [
      'Social media needs a consistent effort: make sure you have people with the ability and time to do it.',
      'Make sure everyone in the PCN knows what everyone else is doing and that nobody has an adverse impact on anyone else (share your plans with the bot).',
      "Take care not to create an expectation that others in the PCN can't meet for their patients.",
    ],
  },
  {
    id: 'value',
    number: 4,
    text: 'Does social media feel like a valuable and worthwhile part of the total offer?',
    short: 'Value',
    advice: [
      'Be selective: it is unrealistic to be in every social media space.',
      'Decide which sector of your population you most need to reach, and choose channels that reach them.',
      'Consider how each channel reflects on the reputation of the practice and on the NHS as a whole.',
    ],
  },
];

export const QUESTION_IDS: readonly QuestionId[] = QUESTIONS.map((q) => q.id);

export function questionById(id: QuestionId): Question {
  const q = QUESTIONS.find((x) => x.id === id);
  if (!q) throw new Error(`Unknown question ${id}`);
  return q;
}
