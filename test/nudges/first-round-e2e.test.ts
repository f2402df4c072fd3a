import { expect } from 'chai';
import { fixedClock } from '../../src/clock.js';
import { addDays } from '../../src/nudges/schedule.js';
import { botAddedActivity, postActivity } from '../helpers/activities.js';
import { startManagerChat, type ManagerChat, type TeamsUser } from '../helpers/manager-chat.js';
import { nudgeIdsIn } from '../helpers/nudge-seed.js';

const HEADER = 'employee_id,display_name,email,manager_email,start_date,department,job_title';
const CADENCE_DAYS = 6 * 7; // the trust default

/**
 * A trust-sized roster: 3,000 reports under managers with teams from 3 to 60
 * (mostly 8 to 15), start dates from 2012 to a few weeks ahead, nobody with a
 * conversation recorded. Deterministic.
 */
function trustRoster(people: number): { csv: string; managers: TeamsUser[] } {
  const sizes = [12, 8, 15, 10, 25, 6, 14, 9, 60, 3, 11, 13];
  const managers: TeamsUser[] = [];
  const rows = [HEADER];
  let i = 0;
  for (let m = 0; i < people; m++) {
    const email = `manager${m}@trust.nhs.uk`;
    managers.push({ id: `29:m${m}`, name: `Manager ${m}`, email, userPrincipalName: email, aadObjectId: `aad-m${m}` });
    for (let k = 0; k < sizes[m % sizes.length]! && i < people; k++, i++) {
      // Mostly long-serving; every 40th person starts within a few weeks either side of the import.
      const start = i % 40 === 0 ? addDays('2027-03-01', (i % 80) - 30) : addDays('2012-01-02', (i * 7919) % 5400);
      rows.push(`P${String(i).padStart(5, '0')},Person ${i},p${i}@trust.nhs.uk,${email},${start},Ward ${m % 30},Nurse`);
    }
  }
  return { csv: rows.join('\n'), managers };
}

/** The first round after a roster import: end to end through /api/messages, the dispatcher and the fake connector, with an injected clock. */
describe('the first round after a roster import (fake connector, injected clock)', function () {
  this.timeout(600_000);
  let chat: ManagerChat | undefined;
  afterEach(async () => chat?.stop());

  it('3,000 people imported on a Monday: at most one digest card per manager a day, everyone nudged within one cadence', async () => {
    const { csv, managers } = trustRoster(3000);
    // Monday 1 March 2027, 08:00 in London: the import and every install happen before the working day.
    const clock = fixedClock('2027-03-01T08:00:00Z');
    chat = await startManagerChat({ roster: csv, managers, clock });
    const { server, connector } = chat;
    const managerOf = new Map(managers.map((m) => [`a:${m.id}`, m.email]));
    const naturalDue = new Map<string, string>();
    for (const line of csv.split('\n').slice(1)) {
      const [id, , , , start] = line.split(',');
      naturalDue.set(id!, addDays(start!, CADENCE_DAYS));
    }

    const cardsOn = new Map<string, number>(); // manager|date -> cards
    const firstNudge = new Map<string, string>(); // nudge id -> date it reached the manager
    let seen = 0;
    const passAt = async (date: string, time: string) => {
      clock.set(`${date}T${time}:00Z`);
      await server.app.dispatcher.runNow();
      for (const call of connector.calls.slice(seen)) {
        if (call.kind !== 'send' && call.kind !== 'reply') continue;
        const key = `${managerOf.get(call.conversationId!)}|${date}`;
        cardsOn.set(key, (cardsOn.get(key) ?? 0) + 1);
        for (const id of nudgeIdsIn(call.body)) if (!firstNudge.has(id)) firstNudge.set(id, date);
      }
      seen = connector.calls.length;
    };
    // Every day of one cadence and a week more, a pass mid-morning and one mid-afternoon (GMT until 28 March, then BST).
    for (let d = 0; d < CADENCE_DAYS + 7; d++) {
      const date = addDays('2027-03-01', d);
      await passAt(date, date < '2027-03-28' ? '09:30' : '08:30');
      await passAt(date, '14:00');
    }

    // Which person each delivered reminder was about.
    const firstByPerson = new Map<string, string>();
    for (const [id, date] of firstNudge) {
      const n = (await server.app.store.nudges.getNudge(id))!;
      if (n.kind !== 'wellbeing') continue;
      const before = firstByPerson.get(n.employeeId);
      if (!before || date < before) firstByPerson.set(n.employeeId, date);
    }
    const firstRound = [...naturalDue].filter(([, due]) => due < '2027-03-01').map(([id]) => id);
    const lastFirstNudge = firstRound.map((id) => firstByPerson.get(id) ?? 'never').sort().at(-1)!;
    const firstWeek = [...cardsOn].filter(([key]) => key.split('|')[1]! <= '2027-03-07');
    const maxFirstWeek = Math.max(...firstWeek.map(([, n]) => n));
    const maxAll = Math.max(...cardsOn.values());
    const perManagerWeekOne = managers.map((m) => firstWeek.filter(([key]) => key.startsWith(`${m.email}|`)).length);
    const cadenceEnd = addDays('2027-03-01', CADENCE_DAYS - 1);
    console.log(
      `      first round: ${firstRound.length} of 3000 people with nothing recorded and a first conversation long due, ${managers.length} managers\n` +
        `      max cards per manager per day: ${maxFirstWeek} in the first week, ${maxAll} over the whole cadence\n` +
        `      days with a card per manager in week one: at most ${Math.max(...perManagerWeekOne)} (median ${perManagerWeekOne.sort((a, b) => a - b)[Math.floor(perManagerWeekOne.length / 2)]})\n` +
        `      last first nudge: ${lastFirstNudge}; one cadence (6 weeks) from the import ends ${cadenceEnd}; ${firstRound.filter((id) => firstByPerson.has(id)).length} of ${firstRound.length} nudged`,
    );
    expect(firstRound.length).to.be.above(2800);
    expect(maxFirstWeek, 'digest cards per manager per day in the first week').to.equal(1);
    expect(maxAll, 'digest cards per manager per day over the cadence').to.equal(1);
    expect(firstRound.every((id) => firstByPerson.has(id)), 'everyone in the first round nudged').to.equal(true);
    expect(lastFirstNudge <= cadenceEnd, `last first nudge ${lastFirstNudge} within one cadence (by ${cadenceEnd})`).to.equal(true);
    // Nothing on the weekend or the Easter bank holidays.
    for (const [key] of cardsOn) expect(['2027-03-06', '2027-03-07', '2027-03-26', '2027-03-29'], key).not.to.include(key.split('|')[1]);
  });

  it('a manager who installs weeks after the import gets the first round spread from that day, not the parked reminders at once', async () => {
    const team = Array.from({ length: 20 }, (_, i) => `R${i},Report ${i},,late.manager@trust.nhs.uk,2019-05-13,Ward 1,Nurse`);
    const early: TeamsUser = { id: '29:early', name: 'Early', email: 'early@trust.nhs.uk', userPrincipalName: 'early@trust.nhs.uk', aadObjectId: 'aad-early' };
    const late: TeamsUser = { id: '29:late', name: 'Late', email: 'late.manager@trust.nhs.uk', userPrincipalName: 'late.manager@trust.nhs.uk', aadObjectId: 'aad-late' };
    const clock = fixedClock('2027-03-01T08:00:00Z');
    chat = await startManagerChat({ roster: [HEADER, 'X1,Someone,,early@trust.nhs.uk,2026-01-05,Ward 2,HCA', ...team].join('\n'), managers: [early], clock });
    const { server, connector } = chat;
    // Three weeks of passes while the late manager has not installed: their reminders come due and are parked.
    for (let d = 0; d < 21; d++) {
      clock.set(`${addDays('2027-03-01', d)}T10:00:00Z`);
      await server.app.dispatcher.runNow();
    }
    const parked = (await server.app.store.nudges.upcomingFor(late.email, 50)).filter((n) => n.status === 'parked');
    expect(parked.length).to.be.above(5);

    // Monday 22 March, 08:00: they install.
    clock.set('2027-03-22T08:00:00Z');
    connector.members.set(late.id, { ...late });
    await postActivity(server.url, botAddedActivity(chat.as(late)));
    const open = await server.app.store.nudges.upcomingFor(late.email, 50);
    expect(open).to.have.length(20);
    expect(open.every((n) => n.status === 'pending' && n.dueDate >= '2027-03-22' && n.dueDate <= addDays('2027-03-22', CADENCE_DAYS - 1))).to.equal(true);
    const perDay = new Map<string, number>();
    for (const n of open) perDay.set(n.dueDate, (perDay.get(n.dueDate) ?? 0) + 1);
    expect(Math.max(...perDay.values())).to.equal(1); // 20 people over about 28 working days

    connector.calls.length = 0;
    clock.set('2027-03-22T10:00:00Z');
    await server.app.dispatcher.runNow();
    const cards = connector.calls.filter((c) => c.conversationId === `a:${late.id}`);
    expect(cards).to.have.length(1);
    expect(nudgeIdsIn(cards[0]!.body)).to.have.length(1);
  });
});
