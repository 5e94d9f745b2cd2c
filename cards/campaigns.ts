import formTemplate from './campaigns-form.json';
import linkTemplate from './campaigns-calendar-link.json';
import offerTemplate from './campaigns-calendar-offer.json';
import listTemplate from './campaigns.json';
import { type AdaptiveCard, expandCard } from './expand';
import type { CalendarLinkView, CardNotice, PcnCampaignFormView, PcnCampaignsView } from '../services/domain';

/** The campaign cards' verbs: the cards carry them, bot/handlers/campaigns.ts answers them. */
export const CampaignVerbs = {
  /** The list of the PCN's own campaigns (every campaign card's "Back to campaigns"). */
  show: 'campaigns.show',
  /** The empty "New campaign" card. */
  add: 'campaigns.add',
  /** One campaign's card, filled in. */
  edit: 'campaigns.edit',
  /** Saves the card: a new campaign without an id, an edit with the id and the version it was opened at. */
  save: 'campaigns.save',
  remove: 'campaigns.remove',
  /** The calendar offer's button: the feed link, on a card for the person who pressed it only. */
  calendarLink: 'calendar.link',
} as const;

// Teams' "Good" green is under 4.5:1 on white: a success notice is bold default text.
const noticeFields = (notice?: CardNotice) => ({
  notice: notice?.text ?? '',
  noticeColour: notice?.kind === 'error' ? 'Attention' : 'Default',
});

function moreLine(view: PcnCampaignsView): string {
  const lines: string[] = [];
  if (view.moreCount) lines.push(view.moreCount === 1 ? '1 more is still to come.' : `${view.moreCount} more are still to come.`);
  if (view.pastCount) {
    lines.push(
      view.pastCount === 1
        ? '1 campaign has ended; it stays in the calendar.'
        : `${view.pastCount} campaigns have ended; they stay in the calendar.`,
    );
  }
  return lines.join(' ');
}

/** `campaigns`: the PCN's own campaigns on now or to come, each with Edit, and Add a campaign. */
export function renderCampaignsCard(view: PcnCampaignsView): AdaptiveCard {
  return expandCard(listTemplate, {
    pcnName: view.pcnName,
    ...noticeFields(view.notice),
    campaigns: view.campaigns.map((c) => ({
      campaignId: c.campaignId,
      name: c.name,
      when: [c.current ? `On now: ${c.datesLabel}` : c.datesLabel, c.audience].filter(Boolean).join('. '),
    })),
    more: moreLine(view),
    verbs: CampaignVerbs,
  });
}

/** The add card (no campaign id) or the edit card of one campaign: the same fields either way. */
export function renderCampaignFormCard(view: PcnCampaignFormView): AdaptiveCard {
  return expandCard(formTemplate, {
    title: view.campaignId ? view.values.name || 'Campaign' : `New campaign for ${view.pcnName}`,
    ...noticeFields(view.notice),
    values: view.values,
    campaignId: view.campaignId ?? '',
    version: view.version ?? '',
    verbs: CampaignVerbs,
  });
}

/** Posted where `calendar link` was typed: its button gives the link to the person who presses it alone. */
export function renderCalendarOfferCard(view: { readonly pcnName: string }): AdaptiveCard {
  return expandCard(offerTemplate, { pcnName: view.pcnName, verbs: CampaignVerbs });
}

/** The private feed link, for one person. */
export function renderCalendarLinkCard(view: CalendarLinkView): AdaptiveCard {
  return expandCard(linkTemplate, { pcnName: view.pcnName, url: view.url });
}
