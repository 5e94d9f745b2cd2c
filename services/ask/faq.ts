/**
 * Plain answers to the questions people ask the bot about itself ("how do I
 * change my answers?"), matched loosely on the words that carry the meaning.
 * The answers say what to press or type next. Questions about campaigns and
 * plans are for the `ask` feature; this covers using the bot.
 */
export interface FaqEntry {
  /** For tests and logs. */
  readonly id: string;
  /** Every pattern must match the question (lower case, punctuation folded to spaces). */
  readonly all: readonly RegExp[];
  readonly answer: string;
}

const CHANGE = /\b(change|changing|edit|editing|update|updating|correct|fix|amend|redo|undo|wrong)\b/;
const ANSWERS = /\b(answers?|answered|quick ?check|responses?|replies|submitted|submission)\b/;

export const FAQ: readonly FaqEntry[] = [
  {
    id: 'change-answers',
    all: [CHANGE, ANSWERS],
    answer:
      "To change your practice's answers, press **Change answers** on its quick check card (in the PCN channel, or in your chat with me), change what you need and press **Submit**. You can do this until the quick check closes at the end of the quarter; every change is kept.",
  },
  {
    id: 'become-lead',
    all: [
      /\b(lead|leads|answer for|answer on behalf)\b/,
      /\b(become|make me|add me|be a|set me|am i|how do i get|who is|who are)\b/,
    ],
    answer:
      "Each practice's leads answer its quick check. A PCN admin chooses them: they type **setup** and press **Edit** beside the practice. Type **setup** if you are an admin; if not, ask one of your PCN admins.",
  },
  {
    id: 'add-practice',
    all: [/\b(add|adding|new|set up|setup|register)\b/, /\bpractices?\b/],
    answer:
      'PCN admins add practices with **setup**: press **Add a practice**, give its name and ODS code, and choose its leads from the team.',
  },
  {
    id: 'missed-card',
    all: [/\b(where|find|missing|lost|can t see|cannot see|didn t get|did not get|not got|haven t got)\b/, ANSWERS],
    answer:
      "Each practice's quick check card is posted in the PCN channel at the start of the quarter, and its leads are mentioned on it. Type **results** to see which practices have answered; a PCN admin can type **start quick check** to post any card that is missing.",
  },
  {
    id: 'when-quick-check',
    all: [/\b(when|what day|which day|next)\b/, /\bquick ?check\b/],
    answer:
      'The quick check goes out at the start of each quarter (April, July, October and January), at 09:30 on the first weekday unless your PCN admins chose another time in **settings**. Practices can answer until the end of the quarter.',
  },
  {
    id: 'what-quick-check',
    all: [/\b(what|why|explain|tell me about)\b/, /\bquick ?check\b/],
    answer:
      'The quick check is four Yes/No questions from the NHS guidance "Social Media Considerations", asked of every practice each quarter. Every "No" comes with practical advice and becomes a follow-up. Type **results** to see where your PCN stands.',
  },
  {
    id: 'results',
    all: [/\b(results?|scores?|how did we do|how are we doing|who has answered|who hasn t answered)\b/],
    answer:
      'Type **results** for this quarter, **results last quarter** or **results Q3 2026/27** for an earlier one, or **results trend** for the last four quarters.',
  },
  {
    id: 'patients-emergency',
    all: [/\b(patient|emergency|urgent|prescription|appointment|medical|symptoms?|ill|sick)\b/],
    answer:
      'I am not for patient, medical or emergency matters, and nobody should share patient details with me. For urgent medical help call 111; in an emergency call 999.',
  },
  {
    id: 'thanks',
    all: [/^(thanks|thank you|thank u|cheers|ta|great thanks|brilliant thanks)( very much| so much)?$/],
    answer: "You're welcome.",
  },
];

/** Lower case, apostrophes dropped ("can't" -> "can t"), punctuation to spaces, spaces folded. */
export function normaliseQuestion(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’']/g, ' ')
    .replace(/[^a-z0-9/ ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The first entry whose patterns all match, or undefined. */
export function answerFaq(question: string): FaqEntry | undefined {
  const text = normaliseQuestion(question);
  if (!text) return undefined;
  return FAQ.find((entry) => entry.all.every((pattern) => pattern.test(text)));
}

const GREETING = /^(hi|hello|hey|hiya|good (morning|afternoon|evening)|morning|afternoon)( there| bot| all| everyone)?$/;

/** Whether the text is only a greeting ("Hi", "Good morning!"). */
export function isGreeting(text: string): boolean {
  return GREETING.test(normaliseQuestion(text));
}
