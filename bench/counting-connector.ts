/**
 * A fast fake Bot Connector in its own process that counts which reminders
 * arrive and when. Every card carries its reminders' ids in its buttons'
 * data ("nudgeId"), so each activity is scanned for them; one activity counts
 * each id once. The parent asks for the tally over IPC with "report".
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const counts = new Map<string, number>();
const arrivals: number[] = [];
let next = 1;

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    if (req.method === 'POST' && /^\/v3\/conversations\/[^/]+\/activities/.test(req.url ?? '')) {
      arrivals.push(performance.timeOrigin + performance.now());
      const ids = new Set(Buffer.concat(chunks).toString('utf8').match(/"nudgeId":"[0-9a-f-]{36}"/g) ?? []);
      for (const id of ids) {
        const key = id.slice(11, -1);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
    const id = `act-${next++}`;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id }));
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send?.({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
process.on('message', (m) => {
  if (m === 'report') process.send?.({ arrivals, counts: [...counts] });
});
