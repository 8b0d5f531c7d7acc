// A local farm of feed servers for the poll benchmark: N feeds spread over H loopback hosts
// (127.0.1.1 … 127.0.1.H — all of 127.0.0.0/8 is this machine), each an RSS 2.0 document with
// ETag and Last-Modified, answering 304 to conditional requests when unchanged.
// Run as its own process: `node feed-farm.ts <feeds> <hosts>`; prints "ready <port>".
// Send "change <percent>\n" on stdin to give that share of feeds a new post; it answers "changed <n>".
import http from 'node:http';
import { createInterface } from 'node:readline';

const feeds = Number(process.argv[2] ?? 10_000);
const hosts = Number(process.argv[3] ?? 50);
const versions = new Uint32Array(feeds);
let served = 0;
let notModified = 0;

function render(id: number): string {
  const v = versions[id]!;
  const items: string[] = [];
  for (let i = v + 9; i >= v; i--) {
    const day = new Date(Date.UTC(2026, 9, 1) + i * 86_400_000).toUTCString();
    items.push(`<item><title>Post ${i} of blog ${id}: Thing ${(i % 23) + 1}</title><link>http://farm.invalid/${id}/${i}</link><guid>farm-${id}-${i}</guid><pubDate>${day}</pubDate><category>cpd23</category><description>Reflections number ${i}, written for the benchmark.</description></item>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Farm blog ${id}</title><link>http://farm.invalid/${id}/</link><description>A benchmark blog</description>${items.join('')}</channel></rss>`;
}

const server = http.createServer((req, res) => {
  const id = Number(/^\/feed\/(\d+)\.xml$/.exec(req.url ?? '')?.[1] ?? -1);
  if (!(id >= 0 && id < feeds)) {
    res.writeHead(404).end();
    return;
  }
  served++;
  const etag = `"v${versions[id]}"`;
  const lastModified = new Date(Date.UTC(2026, 9, 1) + versions[id]! * 86_400_000).toUTCString();
  if (req.headers['if-none-match'] === etag) {
    notModified++;
    res.writeHead(304, { etag, 'last-modified': lastModified }).end();
    return;
  }
  res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag, 'last-modified': lastModified });
  res.end(render(id));
});
server.keepAliveTimeout = 5000;

let listening = 0;
const port = Number(process.env.FARM_PORT ?? 0);
// The first host picks the port; the others listen on the same port at their own address.
server.listen(port, '127.0.1.1', () => {
  const chosen = (server.address() as { port: number }).port;
  const others = Array.from({ length: hosts - 1 }, (_, i) => `127.0.1.${i + 2}`);
  if (others.length === 0) process.stdout.write(`ready ${chosen}\n`);
  for (const address of others) {
    http.createServer(server.listeners('request')[0] as http.RequestListener).listen(chosen, address, () => {
      if (++listening === others.length) process.stdout.write(`ready ${chosen}\n`);
    });
  }
});

createInterface({ input: process.stdin }).on('line', (line) => {
  const [command, arg] = line.trim().split(/\s+/);
  if (command === 'change') {
    const share = Number(arg) / 100;
    let changed = 0;
    for (let id = 0; id < feeds; id++) {
      if ((id * 2654435761) % 1000 < share * 1000) {
        versions[id]! += 1;
        changed++;
      }
    }
    process.stdout.write(`changed ${changed}\n`);
  } else if (command === 'stats') {
    process.stdout.write(`stats ${served} ${notModified}\n`);
    served = 0;
    notModified = 0;
  }
});

/** The URL of feed `id` on its host. */
export function farmUrl(id: number, farmPort: number, farmHosts: number): string {
  return `http://127.0.1.${(id % farmHosts) + 1}:${farmPort}/feed/${id}.xml`;
}
