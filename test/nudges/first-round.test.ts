import { expect } from 'chai';
import { bankHolidays, DEFAULT_WINDOW, NO_HOLIDAYS } from '../../src/nudges/delivery-window.js';
import { FIRST_ROUND_MAX_PER_DAY, firstRoundOrder, firstRoundStart, isFirstRound, spreadFirstRound } from '../../src/nudges/first-round.js';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `E${i}`);
const perDay = (dates: Map<string, string>) => {
  const counts = new Map<string, number>();
  for (const d of dates.values()) counts.set(d, (counts.get(d) ?? 0) + 1);
  return counts;
};

describe('spreading the first round', () => {
  const base = { start: '2027-03-01', cadenceWeeks: 6, window: DEFAULT_WINDOW, holidays: bankHolidays('england-and-wales') };

  it('is the first round only with nothing recorded and the first conversation already past', () => {
    expect(isFirstRound(null, '2024-05-27', '2027-03-01')).to.equal(true);
    expect(isFirstRound('2027-02-01', '2024-05-27', '2027-03-01')).to.equal(false);
    expect(isFirstRound(null, '2027-04-12', '2027-03-01')).to.equal(false); // a new starter: their own date
  });

  it('spreads a team of 12 over the six weeks, one a day at most, on working days only', () => {
    const dates = spreadFirstRound({ ...base, employeeIds: ids(12) });
    expect(dates.size).to.equal(12);
    expect(Math.max(...perDay(dates).values())).to.equal(1);
    for (const d of dates.values()) {
      expect(d >= '2027-03-01' && d <= '2027-04-11', d).to.equal(true);
      expect([0, 6]).not.to.include(new Date(`${d}T12:00:00Z`).getUTCDay());
      expect(['2027-03-26', '2027-03-29']).not.to.include(d); // Good Friday, Easter Monday
    }
  });

  it('never puts more than a digest on a day, counting what is already due; only a huge team runs past the cadence', () => {
    const busy = new Map([['2027-03-01', 7]]);
    const dates = spreadFirstRound({ ...base, employeeIds: ids(60), busy });
    expect(perDay(dates).get('2027-03-01') ?? 0).to.be.at.most(1);
    const huge = spreadFirstRound({ ...base, employeeIds: ids(300) });
    expect(Math.max(...perDay(huge).values())).to.equal(FIRST_ROUND_MAX_PER_DAY);
  });

  it('is stable: the same people get the same dates, in an order that is not the file order', () => {
    const a = spreadFirstRound({ ...base, employeeIds: ids(20) });
    const b = spreadFirstRound({ ...base, employeeIds: ids(20).reverse() });
    expect([...a].sort()).to.deep.equal([...b].sort());
    expect(firstRoundOrder(ids(20))).not.to.deep.equal(ids(20));
  });

  it('starts on the manager\'s first working moment: after a pause, or on Monday after a Friday evening', () => {
    expect(firstRoundStart(new Date('2027-03-05T18:00:00Z'), DEFAULT_WINDOW, NO_HOLIDAYS)).to.equal('2027-03-08');
    expect(firstRoundStart(new Date('2027-03-01T10:00:00Z'), { ...DEFAULT_WINDOW, pausedUntil: '2027-03-12' }, NO_HOLIDAYS)).to.equal('2027-03-15');
  });
});
