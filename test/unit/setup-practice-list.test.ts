import { AddPracticesInput, MAX_PRACTICES_AT_ONCE, SETUP_FIELD_LABELS } from '../../cards/setup-inputs';
import { parseInput } from '../../services/domain';
import { ValidationError } from '../../services/errors';
import { MAX_PRACTICES_AT_ONCE as SERVICE_MAX } from '../../services/pcn-setup';

/** What the handler gets from the "Add several practices" box. */
const read = (box: unknown) => parseInput(AddPracticesInput, { newPractices: box }, SETUP_FIELD_LABELS).newPractices;

/** The one sentence a refused list comes back with. */
function refusal(box: unknown): string {
  try {
    read(box);
  } catch (error) {
    if (error instanceof ValidationError) return error.userMessage;
    throw error;
  }
  throw new Error('The list was accepted');
}

describe('the "Add several practices" list', () => {
  it('when lines are "name, ODS code", then each is a practice with its line number, the code in capitals', () => {
    expect(read('Riverside Surgery, B82005\nCastle Medical Group,b82010')).toEqual([
      { line: 1, text: 'Riverside Surgery, B82005', name: 'Riverside Surgery', odsCode: 'B82005' },
      { line: 2, text: 'Castle Medical Group,b82010', name: 'Castle Medical Group', odsCode: 'B82010' },
    ]);
  });

  it.each([
    ['a tab (pasted from a spreadsheet)', 'Riverside Surgery\tB82005'],
    ['" - "', 'Riverside Surgery - B82005'],
    ['an en dash', 'Riverside Surgery – B82005'],
    ['spaces only', 'Riverside Surgery   B82005'],
    ['the code first, with a comma', 'B82005, Riverside Surgery'],
    ['the code first, with a tab', 'B82005\tRiverside Surgery'],
    ['the code first, with " - "', 'b82005 - Riverside Surgery'],
    ['the code in brackets, as the set-up card shows it', 'Riverside Surgery (B82005)'],
    ['quotes a spreadsheet adds', '"Riverside Surgery",B82005'],
    ['spaces around everything', '   Riverside   Surgery ,  B82005   '],
  ])('when a line has %s, then it reads the same name and code', (_label, line) => {
    expect(read(line)).toEqual([expect.objectContaining({ name: 'Riverside Surgery', odsCode: 'B82005' })]);
  });

  it('when a name holds commas or dashes of its own, then only the separator before the code splits it', () => {
    expect(read('Dr Smith, Jones & Partners, B82005\nSmith - Jones Surgery - B82006')).toEqual([
      expect.objectContaining({ name: 'Dr Smith, Jones & Partners', odsCode: 'B82005' }),
      expect.objectContaining({ name: 'Smith - Jones Surgery', odsCode: 'B82006' }),
    ]);
  });

  it('when blank lines and Windows line ends are in the list, then they are skipped but still counted for line numbers', () => {
    expect(read('\r\nRiverside Surgery, B82005\r\n   \r\n\tCastle Medical Group, B82010\r\n\r\n')).toEqual([
      expect.objectContaining({ line: 2, odsCode: 'B82005' }),
      expect.objectContaining({ line: 4, odsCode: 'B82010' }),
    ]);
  });

  it('when a line is only an ODS code, then it has no name (the NHS directory may give it)', () => {
    expect(read('b82005')).toEqual([{ line: 1, text: 'b82005', odsCode: 'B82005' }]);
  });

  it.each([
    [
      'a short code',
      'Riverside Surgery, B82005\nCastle, B8201\nHill, B82011',
      'Line 2: ODS code must be a letter followed by five digits, for example B82005.',
    ],
    [
      'no code',
      'Riverside Surgery, B82005\n\nCastle Medical Group',
      'Line 3: add the practice\'s ODS code, for example "Riverside Surgery, B82005".',
    ],
    ['a one-letter name', 'R, B82005', 'Line 1: Practice name must be at least 2 characters.'],
    ['a 101-character name', `${'R'.repeat(101)}, B82005`, 'Line 1: Practice name must be at most 100 characters.'],
    ['two codes on one line', 'B82005 B82010', 'Line 1: put one practice on each line.'],
    [
      'a code twice',
      'Riverside Surgery, B82005\nCastle, B82010\n\nRiverside again, b82005',
      'Line 4: B82005 is on line 1 as well.',
    ],
    ['nothing but blank lines', '\n  \n', 'Type or paste at least one practice, for example "Riverside Surgery, B82005".'],
    ['no list at all', undefined, 'Practices is required.'],
    ['something that is not text', 42, 'Practices must be text.'],
    ['more than 4,000 characters', 'x'.repeat(4001), 'Practices must be at most 4,000 characters.'],
  ])('when the list has %s, then it is refused in one sentence naming the line', (_label, box, message) => {
    expect(refusal(box)).toBe(message);
  });

  it('when the list has more practices than fit in one batch, then it is refused whole, saying how many', () => {
    const lines = Array.from({ length: 31 }, (_, i) => `Practice ${i + 1}, Y9${String(1000 + i)}`);

    expect(read(lines.slice(0, 30).join('\n'))).toHaveLength(30);
    expect(refusal(lines.join('\n'))).toBe(
      'You can add up to 30 practices at once, and this list has 31. Add the first 30, then the rest.',
    );
    expect(MAX_PRACTICES_AT_ONCE).toBe(SERVICE_MAX);
  });
});
