import { expect } from 'chai';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import type { Plan } from '../../src/content/types.js';
import { isWorkingDay, NO_HOLIDAYS, nextDeliveryTime, type DeliveryWindow } from '../../src/nudges/delivery-window.js';
import { sendAfterFor } from '../../src/nudges/plan-nudges.js';
import { addDays, checkHeldDate, nextWellbeingAfter, onboardingCheckIns, todayFor } from '../../src/nudges/schedule.js';

/**
 * The schedule rules across time zones and clock changes. Zones with summer
 * time north and south, half- and quarter-hour offsets, and the two ends of
 * the date line; instants drawn around each zone's DST changes as well as
 * anywhere in a decade.
 */
const ZONES = [
  'Europe/London',
  'Europe/Dublin',
  'America/New_York',
  'America/St_Johns',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Pacific/Auckland',
  'Pacific/Chatham',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
  'UTC',
] as const;
const RUNS = { numRuns: 250 };
const HOUR = 3600_000;

/** The instants a zone's offset changed in 2024-2030: where a "today" computed by hand goes wrong. */
function offsetChanges(zone: string): number[] {
  const out: number[] = [];
  let t = DateTime.fromISO('2024-01-01T00:00:00Z').setZone(zone);
  for (let i = 0; i < 7 * 365 * 4; i++) {
    const next = t.plus({ hours: 6 });
    if (next.offset !== t.offset) out.push(next.toMillis());
    t = next;
  }
  return out;
}
const CHANGES = new Map(ZONES.map((z) => [z, offsetChanges(z)]));

const zone = fc.constantFrom(...ZONES);
/** An instant anywhere in 2024-2030, or within a day and a half of one of the zone's clock changes. */
const instantIn = (z: string) =>
  fc.oneof(
    fc.integer({ min: Date.parse('2024-01-01T00:00:00Z'), max: Date.parse('2030-12-31T00:00:00Z') }),
    CHANGES.get(z as (typeof ZONES)[number])!.length
      ? fc.tuple(fc.constantFrom(...CHANGES.get(z as (typeof ZONES)[number])!), fc.integer({ min: -36 * HOUR, max: 36 * HOUR })).map(([c, d]) => c + d)
      : fc.integer({ min: Date.parse('2026-03-01T00:00:00Z'), max: Date.parse('2026-11-01T00:00:00Z') }),
  );
const zoneAndInstant = zone.chain((z) => instantIn(z).map((t) => ({ zone: z, now: new Date(t) })));

/** The calendar date at `now` in `zone`, as the platform's own time zone data gives it. */
function localDate(now: Date, zone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

const hhmm = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45)).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const windowIn = (z: string) =>
  fc
    .record({
      days: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
      start: hhmm,
      end: hhmm,
    })
    .filter((w) => w.start !== w.end)
    .map((w): DeliveryWindow => ({ timeZone: z, ...w }));

function minutesOf(t: DateTime): number {
  return t.hour * 60 + t.minute;
}
function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

describe('properties: the schedule across time zones and clock changes', () => {
  it("gives today as the person's own calendar date, whatever the UTC date is", () => {
    fc.assert(
      fc.property(zoneAndInstant, ({ zone, now }) => {
        expect(todayFor(now, zone)).to.equal(localDate(now, zone));
      }),
      RUNS,
    );
  });

  it('accepts a conversation held on the manager\'s today and refuses their tomorrow, at any hour', () => {
    fc.assert(
      fc.property(zoneAndInstant, ({ zone, now }) => {
        const today = todayFor(now, zone);
        expect(checkHeldDate(today, today, '2000-01-01')).to.equal(undefined);
        expect(checkHeldDate(addDays(today, 1), today, '2000-01-01')).to.equal('cannot be in the future');
      }),
      RUNS,
    );
  });

  it('puts the next conversation exactly a cadence of calendar days after the one held, across clock changes', () => {
    fc.assert(
      fc.property(zoneAndInstant, fc.integer({ min: 1, max: 52 }), ({ zone, now }, cadence) => {
        const on = todayFor(now, zone);
        const next = nextWellbeingAfter({ kind: 'held', on }, on, cadence)!;
        const days = DateTime.fromISO(next, { zone: 'UTC' }).diff(DateTime.fromISO(on, { zone: 'UTC' }), 'days').days;
        expect(days).to.equal(cadence * 7);
        expect(addDays(next, -cadence * 7)).to.equal(on);
      }),
      RUNS,
    );
  });

  it('sends a reminder inside the window, on a working day, on or after its due date in the manager\'s zone', () => {
    fc.assert(
      fc.property(
        zone.chain((z) => fc.record({ window: windowIn(z), now: instantIn(z).map((t) => new Date(t)) })),
        ({ window, now }) => {
          const due = todayFor(now, window.timeZone);
          const at = sendAfterFor(due, window, NO_HOLIDAYS);
          const local = DateTime.fromJSDate(at, { zone: window.timeZone });
          const start = minutes(window.start);
          const end = minutes(window.end);
          const m = minutesOf(local);
          // A window that opens in the hour the clocks skip opens when they jump (01:30 on the spring-forward night is 02:00).
          if (DateTime.fromMillis(at.getTime() - 60_000, { zone: window.timeZone }).offset !== local.offset) return;
          if (end > start) {
            expect(m, `${local.toISO()} in ${window.start}-${window.end}`).to.be.within(start, end - 1);
            expect(local.toISODate()! >= due, `${local.toISO()} on or after ${due}`).to.equal(true);
            expect(window.days).to.include(local.weekday);
          } else {
            // A night shift: late on a working day, or early the morning after one.
            const opened = m >= start ? local : local.minus({ days: 1 });
            expect(m >= start || m < end, `${local.toISO()} in ${window.start}-${window.end}`).to.equal(true);
            expect(window.days).to.include(opened.weekday);
            expect(opened.toISODate()! >= addDays(due, -1)).to.equal(true);
          }
          // The window is open at that moment: asking again from there changes nothing.
          expect(nextDeliveryTime(at, window, NO_HOLIDAYS)?.toISOString()).to.equal(at.toISOString());
        },
      ),
      RUNS,
    );
  });

  it('opens a window whose start the clocks jump over at the jump, not a jump\'s length later (found by fast-check)', () => {
    // Chatham jumps from 02:45 to 03:45 on 30 September 2029: 03:00 does not exist there that night.
    const window: DeliveryWindow = { timeZone: 'Pacific/Chatham', days: [7, 1], start: '03:00', end: '04:00' };
    const at = DateTime.fromJSDate(sendAfterFor('2029-09-30', window, NO_HOLIDAYS), { zone: window.timeZone });
    expect(at.toISO()).to.equal('2029-09-30T03:45:00.000+13:45');
    // A window that closes inside the jump closes at the jump.
    const closing: DeliveryWindow = { ...window, start: '02:00', end: '03:00' };
    const late = new Date('2029-09-29T14:05:00.000Z'); // 03:50 local, after the jump
    expect(DateTime.fromJSDate(nextDeliveryTime(late, closing, NO_HOLIDAYS)!, { zone: window.timeZone }).toISODate()).to.equal('2029-10-01');
  });

  it('dates every onboarding check-in on a working day, and splits them into ahead and missed by today', () => {
    const plan: Plan = {
      id: 'onboarding',
      title: 'Onboarding',
      guide: 'onboarding',
      steps: [-7, 0, 4, 30, 90, 180].map((d) => ({ id: `d${d}`, title: `Day ${d}`, offsetDays: d, summary: '', actions: [], questions: [] })),
    };
    fc.assert(
      fc.property(
        zone.chain((z) => fc.record({ window: windowIn(z), now: instantIn(z).map((t) => new Date(t)), startOffset: fc.integer({ min: -200, max: 200 }) })),
        ({ window, now, startOffset }) => {
          const today = todayFor(now, window.timeZone);
          const { ahead, missed } = onboardingCheckIns(addDays(today, startOffset), plan, today, window, NO_HOLIDAYS);
          expect(ahead.length + missed.length).to.equal(plan.steps.length);
          for (const s of ahead) expect(s.dueDate >= today).to.equal(true);
          for (const s of missed) expect(s.dueDate < today).to.equal(true);
          for (const s of [...ahead, ...missed]) expect(isWorkingDay(s.dueDate, window, NO_HOLIDAYS)).to.equal(true);
        },
      ),
      RUNS,
    );
  });
});
