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
