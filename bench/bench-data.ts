import fs from 'node:fs';

/** A personal-chat message from the one bench user, as the Bot Connector would post it (conversations rotate over 50). */
export function benchActivity(text: string, serviceUrl: string, n: number): string {
  return JSON.stringify({
    type: 'message',
    id: `bench-${n}`,
    channelId: 'msteams',
    serviceUrl,
    from: { id: '29:bench-user', name: 'Bench', aadObjectId: 'aad-bench' },
    recipient: { id: '28:bot', name: 'bot' },
    conversation: { id: `a:bench-${n % 50}`, conversationType: 'personal', tenantId: 't' },
    text,
  });
}

/** Writes a valid roster CSV of `rows` people (4,000 managers, 300 departments) to `file`. */
export async function writeBenchRoster(file: string, rows: number): Promise<void> {
  const out = fs.createWriteStream(file);
  out.write('employee_id,display_name,email,manager_email,start_date,department,job_title\n');
  for (let i = 0; i < rows; i++) {
    out.write(`E${i},Person Number ${i},person.${i}@nhs.net,manager.${i % 4000}@nhs.net,20${10 + (i % 16)}-0${1 + (i % 9)}-1${i % 10},Department ${i % 300},Healthcare Assistant\n`);
  }
  await new Promise<void>((resolve) => out.end(resolve));
}
