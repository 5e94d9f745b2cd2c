import fs from 'node:fs';
import path from 'node:path';
import { type DraftContext, type PlanWarning, type ServiceCode, TEXT_WARNINGS } from '../../services/domain/warnings';
import { checkDraft } from '../../services/plans/checks';

/** A practice whose partners have not said they offer anything: how the CLI judges drafts. */
const PARTNERS_OFFER_NOTHING: DraftContext = { hasPartners: true, offeredByAllPartners: new Set() };

function only(text: string, code: string, context = PARTNERS_OFFER_NOTHING): PlanWarning | undefined {
  return checkDraft(text, context).find((w) => w.code === code);
}

function codes(text: string, context = PARTNERS_OFFER_NOTHING): string[] {
  return checkDraft(text, context).map((w) => w.code);
}

describe('patient_id explains what could identify a patient', () => {
  it('names a date of birth', () => {
    const warning = only('Happy birthday to Arthur, born on 3/4/1956!', 'patient_id');
    expect(warning?.words).toEqual(['born on 3/4/1956']);
    expect(warning?.reason).toBe('It has "born on 3/4/1956" (a date of birth), which could identify a patient.');
  });

  it.each(['DOB 12/03/1948', 'D.O.B. 03/07/1961', 'date of birth: 3 April 1956', 'born 12.3.48'])('finds "%s"', (dob) => {
    expect(only(`Results query for Ms Nowak, ${dob}.`, 'patient_id')?.words).toContain(dob);
  });

  it('does not take the words "date of birth" alone, or an eligibility range, for a date of birth', () => {
    expect(codes('Please have your NHS number and date of birth ready when you call.')).toEqual([]);
    expect(codes('Children born between 1 September 2019 and 31 August 2021 can have the nasal spray.')).toEqual([]);
    expect(codes('If you were born on or after 1 September 1958 you may be eligible for the shingles vaccine.')).toEqual([]);
  });

  it('names the person and what makes it their health story', () => {
    const warning = only('A big thank you to Mrs Patel, 82, who came in with chest pain last week.', 'patient_id');
    expect(warning?.reason).toBe(
      'It has "Mrs Patel, 82, who came in with" (a named person\'s health), which could identify a patient.',
    );
    expect(warning?.fix).toMatch(/written consent/);
    expect(only('Our patient John was diagnosed with diabetes.', 'patient_id')?.words).toEqual([
      'Our patient John',
      'John was diagnosed',
    ]);
    expect(only('Thank you to Margaret for sharing her cancer journey.', 'patient_id')?.words).toEqual([
      'Thank you to Margaret for sharing her cancer journey',
    ]);
  });

  it('leaves staff news and unnamed stories alone', () => {
    expect(codes('Please welcome Dr Sarah Jones, who joins us as a GP with a special interest in diabetes.')).toEqual([]);
    expect(codes('Our practice manager Mrs Green retires on Friday after 30 years.')).toEqual([]);
    expect(codes('One of our patients, who asked us not to share her name, told us how the carers group helped.')).toEqual([]);
  });
});

describe('no_signpost explains which signpost is missing', () => {
  it('names the clinical words when neither 111 nor 999 is given', () => {
    expect(only('Chest pain that spreads to your arm could be a heart attack.', 'no_signpost')?.reason).toBe(
      'It mentions "Chest pain" and "heart attack" but does not signpost NHS 111 or 999.',
    );
  });

  it('says when only 999 is missing, and when only 111 is', () => {
    expect(only('Mental health crisis? Call NHS 111 and choose option 2.', 'no_signpost')?.reason).toBe(
      'It mentions "Mental health crisis" but does not say to call 999 in an emergency.',
    );
    expect(only('If your child is struggling to breathe, call 999.', 'no_signpost')?.reason).toBe(
      'It mentions "struggling to breathe" but does not signpost NHS 111 for urgent help.',
    );
  });

  it('is satisfied by 111 and 999 (or A&E) in any usual wording', () => {
    expect(codes('Chest pain? Call 999. Otherwise use 111.nhs.uk.')).toEqual([]);
    expect(codes('Signs of sepsis: call 111, or 999 in an emergency.')).toEqual([]);
    expect(codes('Signs of a stroke? Go to A&E. For anything less urgent use NHS 111 online.')).toEqual([]);
  });

  it('counts a high temperature only in a sentence about babies, and not a routine service', () => {
    expect(only('A high temperature in babies under 3 months needs checking.', 'no_signpost')?.words).toEqual([
      'high temperature',
    ]);
    expect(codes('Flu clinics start on 4 October for everyone over 65. Book by phone.')).toEqual([]);
  });

  it('suggests the usual wording', () => {
    expect(only('Know the symptoms of sepsis.', 'no_signpost')?.fix).toMatch(/NHS 111.*999/);
  });
});

describe('invites_contact explains what is asked for and how', () => {
  it('names the channel and the medical or personal detail', () => {
    const warning = only('DM us your symptoms and we will get back to you.', 'invites_contact');
    expect(warning?.words).toEqual(['DM us', 'symptoms']);
    expect(warning?.reason).toBe(
      'It asks for "symptoms" by "DM us", but social media is not the place for medical questions or personal details.',
    );
  });

  it.each([
    'Message us with your date of birth.',
    'Comment below with your questions about your medication.',
    'Send us your NHS number.',
    'Worried about a rash? Send us a photo by DM.',
  ])('warns on "%s"', (text) => {
    expect(codes(text)).toContain('invites_contact');
  });

  it.each([
    'Message us to find out our opening times.',
    "Please don't DM us your symptoms - call 111, or 999 in an emergency.",
    'Any questions about the coffee morning? Drop us a message!',
    'Please message us your contact details and our practice manager will call you.',
    'If you have symptoms, please call the surgery before coming in. For urgent help call 111, or 999 in an emergency.',
  ])('does not warn on "%s"', (text) => {
    expect(codes(text)).not.toContain('invites_contact');
  });
});

describe('argumentative names the words that argue', () => {
  it('quotes each phrase', () => {
    const warning = only("That's simply not true, and frankly you should read our website.", 'argumentative');
    expect(warning?.words).toEqual(["That's simply not true", 'frankly']);
    expect(warning?.reason).toBe(
      'It says "That\'s simply not true" and "frankly", which reads as arguing with a member of the public.',
    );
    expect(warning?.fix).toMatch(/positive tone/);
  });

  it.each([
    'You are wrong, we did not cancel your appointment.',
    'We will not tolerate comments like this.',
    'If you had bothered to read our post you would know.',
    'Stop spreading lies about our staff.',
  ])('warns on "%s"', (text) => {
    expect(codes(text)).toEqual(['argumentative']);
  });

  it('leaves polite replies and myth-busting alone', () => {
    expect(codes("We're sorry to hear about your experience. Please call and ask for our practice manager.")).toEqual([]);
    expect(codes("Myth: the flu jab gives you flu. Fact: that's not true.")).toEqual([]);
  });
});

describe('service_promise names the service and depends on what partners offer', () => {
  const walkIn = 'Walk-in appointments every morning, and you will be seen within 15 minutes.';

  it('names each service and the wait time, with the CLI wording', () => {
    const warning = only(walkIn, 'service_promise');
    expect(warning?.words).toEqual(['Walk-in appointments', 'seen within 15 minutes']);
    expect(warning?.reason).toBe(
      'It mentions "Walk-in appointments" (walk-in appointments) and "seen within 15 minutes" (a wait time), which other practices in the PCN have not said they offer.',
    );
    expect(warning?.fix).toMatch(/"at this practice"/);
    expect(only('Saturday morning clinics are back!', 'service_promise')?.reason).toContain('(Saturday clinics)');
  });

  it('warns for nothing when the practice has no partners', () => {
    expect(codes(walkIn, { hasPartners: false, offeredByAllPartners: new Set() })).toEqual([]);
  });

  it('leaves out a service every partner offers, but never a wait time', () => {
    const offered = new Set<ServiceCode>(['walkIn']);
    expect(only(walkIn, 'service_promise', { hasPartners: true, offeredByAllPartners: offered })?.words).toEqual([
      'seen within 15 minutes',
    ]);
    const all = new Set<ServiceCode>(['walkIn', 'sameDay', 'saturday', 'evening', 'onlineBooking']);
    expect(codes('Book online for our Saturday evening clinic.', { hasPartners: true, offeredByAllPartners: all })).toEqual([]);
  });

  it.each([
    'Unfortunately we are unable to offer walk-in appointments.',
    'The walk-in centre on Station Road is open until 8pm.',
    'Ask at reception about evening appointments.',
    'Walk-in appointments at this practice are available 8am to 10am.',
    'We are closed on Saturday 25 December.',
    'You can order repeat prescriptions online.',
  ])('does not warn on "%s"', (text) => {
    expect(codes(text)).toEqual([]);
  });
});

describe('every warning the corpus raises', () => {
  const corpus = JSON.parse(fs.readFileSync(path.join(__dirname, '../fixtures/drafts.json'), 'utf8')) as { text: string }[];
  const raised = corpus.flatMap(({ text }) => checkDraft(text, PARTNERS_OFFER_NOTHING).map((warning) => ({ text, warning })));

  it('quotes, in one sentence, the words from the draft that raised it, and gives a fix', () => {
    expect(raised.length).toBeGreaterThan(100);
    for (const { text, warning } of raised) {
      expect(warning.words?.length).toBeGreaterThan(0);
      for (const word of warning.words ?? []) {
        expect(text).toContain(word);
        expect(warning.reason).toContain(`"${word}"`);
      }
      expect(warning.reason).toMatch(/^It [^\n]+\.$/);
      expect(warning.fix).toMatch(/^[A-Z][^\n]+[."]$/);
    }
  });

  it('comes once per code, in the order of TEXT_WARNINGS', () => {
    for (const { text } of corpus) {
      const found = codes(text);
      expect(found).toEqual(TEXT_WARNINGS.filter((code) => found.includes(code)));
    }
  });

  it('copes with empty and odd drafts', () => {
    for (const text of ['', ' ', '\n\n', '😊', '999', '111', 'Mr', '0'.repeat(40), 'A'.repeat(5000)]) {
      expect(() => checkDraft(text, PARTNERS_OFFER_NOTHING)).not.toThrow();
    }
  });
});
