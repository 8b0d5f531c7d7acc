// A local farm of blogs for the feed-poll benchmark, run as its own process:
//   node feed-farm.ts <feeds> <hosts>        prints "ready <port>"
// Feed i is an RSS 2.0 document at /feeds/{i}.xml (its site at /sites/{i}/), with an ETag and a
// Last-Modified, answering 304 to a conditional request while unchanged. A feed starts with one post
// and each change adds one, keeping the newest ten, so a changed feed holds one new post among posts
// already read (and a first contact with 10,000 feeds does not cost 100,000 new posts). It listens on 127.0.0.1 and
// on 127.0.1.1 … 127.0.1.H, all on one port (the whole of 127.0.0.0/8 is this machine), so feeds can
// be spread over H hosts as real blogs are; only loopback is ever used.
// Commands on stdin, one a line, each answered on stdout:
//   change <percent>  gives that share of feeds (spread evenly) one new post → "changed <n>"
//   stats             answers since the last stats → "stats <requests> <ok> <notModified> <other>"
import http from 'node:http';
import { createInterface } from 'node:readline';

const feeds = Number(process.argv[2] ?? 10_000);
const hosts = Number(process.argv[3] ?? 50);
const keptPosts = 10;
const versions = new Uint32Array(feeds);
const counts = { requests: 0, ok: 0, notModified: 0, other: 0 };
const epoch = Date.UTC(2026, 9, 1);

/** The ETag and Last-Modified the farm gives a feed at `version` (0 until it first changes). */
export function farmValidators(version: number): { etag: string; lastModified: string } {
  return { etag: `"v${version}"`, lastModified: new Date(epoch + version * 86_400_000).toUTCString() };
}

/** The address of feed `id` once spread over `hostCount` loopback hosts. */
export function farmHost(id: number, hostCount: number): string {
  return `127.0.1.${(id % hostCount) + 1}`;
}

function render(id: number): string {
  const v = versions[id]!;
  const items: string[] = [];
  for (let i = v; i >= Math.max(0, v - keptPosts + 1); i--) {
    const day = new Date(epoch + i * 86_400_000).toUTCString();
    items.push(
      `<item><title>Post ${i} of blog ${id}: Thing ${(i % 23) + 1}</title><link>http://farm.invalid/sites/${id}/${i}</link>` +
        `<guid isPermaLink="false">farm-${id}-${i}</guid><pubDate>${day}</pubDate><category>cpd23</category>` +
        `<description>&lt;p&gt;Reflections number ${i} on catalogues, mentors and metadata, written for the benchmark.&lt;/p&gt;</description></item>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Farm blog ${id}</title><link>http://farm.invalid/sites/${id}/</link><description>A benchmark blog</description>${items.join('')}</channel></rss>`;
}

function handle(req: http.IncomingMessage, res: http.ServerResponse) {
  counts.requests++;
  const feed = /^\/feeds\/(\d+)\.xml$/.exec(req.url ?? '');
  const site = /^\/sites\/(\d+)\/$/.exec(req.url ?? '');
  const id = Number(feed?.[1] ?? site?.[1] ?? -1);
  if (!(id >= 0 && id < feeds)) {
    counts.other++;
    res.writeHead(404).end();
    return;
  }
  if (site) {
    counts.other++;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><title>Farm blog ${id}</title><link rel="alternate" type="application/rss+xml" href="/feeds/${id}.xml"><h1>Farm blog ${id}</h1>`,
    );
    return;
  }
  const { etag, lastModified } = farmValidators(versions[id]!);
  const ifNoneMatch = req.headers['if-none-match'];
  const ifModifiedSince = req.headers['if-modified-since'];
  const fresh =
    ifNoneMatch !== undefined
      ? ifNoneMatch === etag
      : ifModifiedSince !== undefined && Date.parse(ifModifiedSince) >= Date.parse(lastModified);
  if (fresh) {
    counts.notModified++;
    res.writeHead(304, { etag, 'last-modified': lastModified }).end();
    return;
  }
  counts.ok++;
  res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag, 'last-modified': lastModified });
  res.end(render(id));
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const port = Number(process.env.FARM_PORT ?? 0);
  const addresses = ['127.0.0.1', ...Array.from({ length: hosts }, (_, i) => farmHost(i, hosts))];
  // The first address picks the port; the others listen on the same port at their own address.
  const first = http.createServer(handle);
  first.keepAliveTimeout = 5000;
  first.listen(port, addresses[0], () => {
    const chosen = (first.address() as { port: number }).port;
    let listening = 1;
    const ready = () => {
      if (listening === addresses.length) process.stdout.write(`ready ${chosen}\n`);
    };
    ready();
    for (const address of addresses.slice(1)) {
      const server = http.createServer(handle);
      server.keepAliveTimeout = 5000;
      server.listen(chosen, address, () => {
        listening++;
        ready();
      });
    }
  });

  createInterface({ input: process.stdin }).on('line', (line) => {
    const [command, arg] = line.trim().split(/\s+/);
    if (command === 'change') {
      const share = Number(arg) / 100;
      let changed = 0;
      // Evenly spread: feed i changes when its position in a scattered order falls in the share.
      for (let id = 0; id < feeds; id++) {
        if ((id * 7919) % 1000 < share * 1000) {
          versions[id]! += 1;
          changed++;
        }
      }
      process.stdout.write(`changed ${changed}\n`);
    } else if (command === 'stats') {
      process.stdout.write(`stats ${counts.requests} ${counts.ok} ${counts.notModified} ${counts.other}\n`);
      Object.assign(counts, { requests: 0, ok: 0, notModified: 0, other: 0 });
    }
  });
  // The bench closing stdin (or dying) ends the farm.
  process.stdin.on('end', () => process.exit(0));
}
