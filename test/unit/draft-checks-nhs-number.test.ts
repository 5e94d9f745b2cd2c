import { type DraftContext } from '../../services/domain/warnings';
import { checkDraft, isValidNhsNumber } from '../../services/plans/checks';

const CONTEXT: DraftContext = { hasPartners: true, offeredByAllPartners: new Set() };

/** The patient_id warning's words for a draft, or undefined when it raises none. */
function patientWords(text: string): readonly string[] | undefined {
  return checkDraft(text, CONTEXT).find((w) => w.code === 'patient_id')?.words;
}

describe('the NHS number check digit (modulus 11)', () => {
  it('accepts a number whose tenth digit is the check digit', () => {
    // 9x10 + 4x9 + 3x8 + 4x7 + 7x6 + 6x5 + 5x4 + 9x3 + 1x2 = 299; 299 mod 11 = 2; 11 - 2 = 9.
    expect(isValidNhsNumber('9434765919')).toBe(true);
    expect(isValidNhsNumber('4010232137')).toBe(true);
  });

  it('refuses the same nine digits with any other check digit', () => {
    for (const last of '012345678') expect(isValidNhsNumber(`943476591${last}`)).toBe(false);
  });

  it('takes a remainder of 0 (11 - 0 = 11) as check digit 0', () => {
    // 4x10 + 2x2 = 44, a multiple of 11.
    expect(isValidNhsNumber('4000000020')).toBe(true);
    expect(isValidNhsNumber('4000000021')).toBe(false);
  });

  it('never accepts nine digits whose check digit would be 10', () => {
    // 4x10 + 8x2 = 56; 56 mod 11 = 1; 11 - 1 = 10: no tenth digit can make it valid.
    for (const last of '0123456789') expect(isValidNhsNumber(`400000008${last}`)).toBe(false);
  });

  it('ignores spaces and hyphens, and refuses anything but ten digits', () => {
    expect(isValidNhsNumber('943 476 5919')).toBe(true);
    expect(isValidNhsNumber('943-476-5919')).toBe(true);
    expect(isValidNhsNumber('943476591')).toBe(false);
    expect(isValidNhsNumber('94347659190')).toBe(false);
    expect(isValidNhsNumber('943 476 591X')).toBe(false);
    expect(isValidNhsNumber('')).toBe(false);
  });
});

describe('NHS numbers in a draft', () => {
  it.each([
    ['spaced 3-3-4', 'Mr Jones, your NHS number is 943 476 5919.', '943 476 5919'],
    ['unbroken', 'Prescription for 9434765919 is ready.', '9434765919'],
    ['hyphenated 3-3-4', 'Ref 943-476-5919 please call.', '943-476-5919'],
    ['in a list', 'Ready to collect:\n• 6349010019\n• 7032210007', '6349010019'],
  ])('finds one written %s', (_how, text, number) => {
    expect(patientWords(text)).toContain(number);
  });

  it('names the number in its reason', () => {
    const warning = checkDraft('NHS no. 943 476 5919', CONTEXT)[0];
    expect(warning.code).toBe('patient_id');
    expect(warning.reason).toBe('It has "943 476 5919" (a valid NHS number), which could identify a patient.');
    expect(warning.fix).toMatch(/take out the NHS number/);
  });

  it.each([
    ['a number failing the check', 'Please quote 943 476 5910 when you call.'],
    ['another failing the check', 'Order reference 123 456 7890.'],
    ['a Manchester telephone number', 'Call us on 0161 496 0000 from 8am.'],
    ['a 5-6 landline', 'Call 01234 567890 for enquiries.'],
    ['a mobile number', 'Text 07700 900123 to cancel.'],
    ['a London number', 'Call 020 7946 0000.'],
    ['ten digits after +44', 'From abroad call +44 943 476 5919.'],
    ['ten digits after (0)', 'Call (0) 943 476 5919.'],
    ['mixed spacing', 'Ring 943 4765919 or 9434 765 919.'],
    ['part of a longer number', 'Account 19434765919 or 943 476 59190.'],
    ['a date and time', 'Clinic on 12 03 2025 at 10 30.'],
  ])('does not take %s for an NHS number', (_what, text) => {
    expect(patientWords(text)).toBeUndefined();
  });

  it('reads ten digits starting with 0 as a telephone number even when the check digit works', () => {
    expect(isValidNhsNumber('0123456789')).toBe(true);
    expect(patientWords('Call 012 345 6789 or 0123456789.')).toBeUndefined();
  });
});
