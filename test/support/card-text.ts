/** The text of every TextBlock and fact in a card, for assertions that read like what a person sees. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const n = node as Record<string, unknown>;
      for (const key of ['text', 'title', 'value', 'label']) if (typeof n[key] === 'string') out.push(n[key] as string);
      Object.values(n).forEach(walk);
    }
  };
  walk(card);
  return out.join('\n');
}

/** The Adaptive Card in a sent activity, if any. */
export function cardOf(activity: { attachments?: readonly { contentType: string; content?: unknown }[] }): unknown {
  return activity.attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}

/** Every element, input and action in a card (anything with a `type`), leaving out what a fallback holds. */
export function cardParts(card: unknown): Record<string, unknown>[] {
  const parts: Record<string, unknown>[] = [];
  JSON.stringify(card, (key, value: unknown) => {
    if (key === 'fallback') return undefined;
    if (value && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string') {
      parts.push(value as Record<string, unknown>);
    }
    return value;
  });
  return parts;
}

/**
 * What a Teams client sends when a person presses the button titled `title`
 * (the first one, or the `nth`): its verb, and its data with the card's
 * inputs as they stand, `typed` over them, unless the button sends none.
 */
export function pressButton(
  card: unknown,
  title: string,
  typed: Record<string, string> = {},
  nth = 0,
): { verb: string; data: Record<string, unknown> } {
  const parts = cardParts(card);
  const action = parts.filter((p) => String(p.type).startsWith('Action.') && p.title === title)[nth];
  if (!action) throw new Error(`No button "${title}" on the card`);
  const inputs = Object.fromEntries(
    parts.filter((p) => String(p.type).startsWith('Input.')).map((p) => [String(p.id), String(p.value ?? '')]),
  );
  const sent = action.associatedInputs === 'none' ? {} : { ...inputs, ...typed };
  return { verb: String(action.verb), data: { ...sent, ...(action.data as Record<string, unknown>) } };
}
