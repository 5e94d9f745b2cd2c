import { titleCaseOrgName } from '../../services/ods';

describe('titleCaseOrgName: ODS capitals as people write them', () => {
  it.each([
    ['RIVERSIDE MEDICAL CENTRE', 'Riverside Medical Centre'],
    ['CASTLE MEDICAL GROUP (THE)', 'Castle Medical Group (The)'],
    ['THE OLD SCHOOL SURGERY', 'The Old School Surgery'],
    ['RIVERSIDE AND CASTLE PCN', 'Riverside and Castle PCN'],
    ['LEEDS CITY NHS WALK-IN CENTRE', 'Leeds City NHS Walk-in Centre'],
    ['STOCKTON-ON-TEES GP SURGERY', 'Stockton-on-Tees GP Surgery'],
    ['NEWCASTLE UPON TYNE HEALTH CENTRE', 'Newcastle upon Tyne Health Centre'],
    ["ST. JOHN'S SURGERY", "St. John's Surgery"],
    ["DR O'BRIEN & PARTNERS", "Dr O'Brien & Partners"],
    ['DR A B SMITH', 'Dr A B Smith'],
    ['1ST STREET SURGERY', '1st Street Surgery'],
    ['  ABBEY   MEDICAL  PRACTICE ', 'Abbey Medical Practice'],
    ['Already Mixed Case Surgery', 'Already Mixed Case Surgery'],
  ])('when ODS says "%s", then people read "%s"', (ods, expected) => {
    expect(titleCaseOrgName(ods)).toBe(expected);
  });
});
