import { expect } from 'chai';
import { bankHolidays, DEFAULT_WINDOW, NO_HOLIDAYS, nextDeliveryTime, type DeliveryWindow } from '../../src/nudges/delivery-window.js';

const england = bankHolidays('england-and-wales');
const next = (due: string, window: DeliveryWindow = DEFAULT_WINDOW, holidays = england) =>
  nextDeliveryTime(new Date(due), window, holidays)?.toISOString();

describe('delivery window', () => {
  it('sends a nudge due inside working hours straight away', () => {
    expect(next('2026-11-24T11:30:00Z')).to.equal('2026-11-24T11:30:00.000Z'); // Tuesday, GMT
  });

  it('holds a nudge due before 09:00 until 09:00 that day', () => {
    expect(next('2026-11-24T06:00:00Z')).to.equal('2026-11-24T09:00:00.000Z');
  });

  it('moves a nudge due after hours or at the weekend to the next working morning', () => {
    expect(next('2026-11-27T17:00:00Z')).to.equal('2026-11-30T09:00:00.000Z'); // Friday 17:00 -> Monday
    expect(next('2026-11-28T12:00:00Z')).to.equal('2026-11-30T09:00:00.000Z'); // Saturday -> Monday
  });

  it('follows British Summer Time: 09:00 local is 08:00 UTC in summer', () => {
    expect(next('2026-07-01T05:00:00Z')).to.equal('2026-07-01T08:00:00.000Z');
  });

  it('handles the clock change weekends', () => {
    // Clocks go forward on Sunday 29 March 2026: Friday evening's nudge goes Monday 09:00 BST.
    expect(next('2026-03-27T18:00:00Z')).to.equal('2026-03-30T08:00:00.000Z');
    // Clocks go back on Sunday 25 October 2026: Monday 09:00 GMT.
    expect(next('2026-10-23T18:00:00Z')).to.equal('2026-10-26T09:00:00.000Z');
  });

  it('skips bank holidays of the trust nation', () => {
    expect(next('2026-04-02T18:00:00Z')).to.equal('2026-04-07T08:00:00.000Z'); // Good Friday and Easter Monday
    expect(next('2026-12-24T18:00:00Z')).to.equal('2026-12-29T09:00:00.000Z'); // Christmas, Boxing Day substitute
    expect(next('2026-12-31T18:00:00Z')).to.equal('2027-01-04T09:00:00.000Z'); // New Year's Day is a Friday
  });

  it('uses the right nation: 2 January is a holiday in Scotland only', () => {
    expect(next('2026-01-02T10:00:00Z', DEFAULT_WINDOW, england)).to.equal('2026-01-02T10:00:00.000Z');
    expect(next('2026-01-02T10:00:00Z', DEFAULT_WINDOW, bankHolidays('scotland'))).to.equal('2026-01-05T09:00:00.000Z');
  });

  it('waits until the day after a pause ends', () => {
    expect(next('2026-11-24T10:00:00Z', { ...DEFAULT_WINDOW, pausedUntil: '2026-12-04' })).to.equal('2026-12-07T09:00:00.000Z');
    expect(next('2026-12-10T10:00:00Z', { ...DEFAULT_WINDOW, pausedUntil: '2026-12-04' })).to.equal('2026-12-10T10:00:00.000Z');
  });

  it('respects a manager own days and hours (shift pattern)', () => {
    const weekends: DeliveryWindow = { ...DEFAULT_WINDOW, days: [6, 7], start: '07:30', end: '19:30' };
    expect(next('2026-11-24T10:00:00Z', weekends)).to.equal('2026-11-28T07:30:00.000Z');
  });

  it('supports a night-shift window that runs past midnight', () => {
    const nights: DeliveryWindow = { ...DEFAULT_WINDOW, days: [1, 2, 3, 4], start: '20:00', end: '08:00' };
    expect(next('2026-11-24T12:00:00Z', nights)).to.equal('2026-11-24T20:00:00.000Z'); // Tuesday noon -> 20:00
    expect(next('2026-11-25T03:00:00Z', nights)).to.equal('2026-11-25T03:00:00.000Z'); // inside Tuesday night
    expect(next('2026-11-27T03:00:00Z', nights)).to.equal('2026-11-27T03:00:00.000Z'); // Friday 03:00 is still Thursday's night
    expect(next('2026-11-27T12:00:00Z', nights)).to.equal('2026-11-30T20:00:00.000Z'); // Friday noon -> Monday night
  });

  it('works in another time zone', () => {
    const ny: DeliveryWindow = { ...DEFAULT_WINDOW, timeZone: 'America/New_York' };
    expect(next('2026-11-24T12:00:00Z', ny, NO_HOLIDAYS)).to.equal('2026-11-24T14:00:00.000Z');
  });

  it('never opens for a window with no days', () => {
    expect(next('2026-11-24T12:00:00Z', { ...DEFAULT_WINDOW, days: [] })).to.equal(undefined);
  });
});
