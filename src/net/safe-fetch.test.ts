import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeedFarm, type FeedFarm } from '../../test/support/feed-farm.ts';
import { createSafeFetcher, FetchFailure, PRIVATE_MESSAGE } from './safe-fetch.ts';

/**
 * Every refusal here is aimed at loopback only, at a local server that counts requests: the proof
 * is that it saw none. Successful fetches use FEED_ALLOW_PRIVATE=127.0.0.1.
 */
describe('safe fetcher', () => {
  let farm: FeedFarm;
  let v6farm: FeedFarm;
  let other: FeedFarm; // on 127.0.0.2: loopback, but not in the allowance
  beforeAll(async () => {
    farm = await startFeedFarm('127.0.0.1');
    v6farm = await startFeedFarm('::1');
    other = await startFeedFarm('127.0.0.2');
    for (const f of [farm, v6farm, other]) f.serve('/feed', '<rss/>');
  });
  afterAll(async () => {
    await Promise.all([farm.close(), v6farm.close(), other.close()]);
  });

  const failure = async (promise: Promise<unknown>) => {
    try {
      await promise;
    } catch (error) {
      return error as FetchFailure;
    }
    throw new Error('expected the fetch to fail');
  };

  it('refuses every loopback spelling before any connection', async () => {
    const fetcher = createSafeFetcher();
    const p = farm.port;
    const urls = [
      `http://127.0.0.1:${p}/feed`,
      `http://localhost:${p}/feed`,
      `http://LOCALHOST.:${p}/feed`,
      `http://feeds.localhost:${p}/feed`,
      `http://2130706433:${p}/feed`,
      `http://0x7f000001:${p}/feed`,
      `http://017700000001:${p}/feed`,
      `http://0177.0.0.1:${p}/feed`,
      `http://127.1:${p}/feed`,
      `http://[::ffff:127.0.0.1]:${p}/feed`,
      `http://[::ffff:7f00:1]:${p}/feed`,
      `http://0.0.0.0:${p}/feed`,
      `https://127.0.0.1:${p}/feed`,
      `http://[::1]:${v6farm.port}/feed`,
      `http://[0:0:0:0:0:0:0:1]:${v6farm.port}/feed`,
    ];
    for (const url of urls) {
      const error = await failure(fetcher.fetch(url));
      expect(error, url).toBeInstanceOf(FetchFailure);
      expect(error.kind, url).toBe('refused');
      expect(error.message).toBe(PRIVATE_MESSAGE);
    }
    expect(farm.requests).toHaveLength(0);
    expect(v6farm.requests).toHaveLength(0);
    await fetcher.close();
  });

  it('refuses a name that resolves to loopback, even among public answers, and connects to the address it checked', async () => {
    // The resolver is injected: nothing is resolved or sent beyond this machine.
    const fetcher = createSafeFetcher({
      lookup: async (name) =>
        name === 'mixed.example'
          ? [
              { address: '127.0.0.1', family: 4 },
              { address: '::1', family: 6 },
            ]
          : [{ address: '127.0.0.1', family: 4 }],
    });
    expect((await failure(fetcher.fetch(`http://feeds.example:${farm.port}/feed`))).kind).toBe('refused');
    expect((await failure(fetcher.fetch(`http://mixed.example:${farm.port}/feed`))).kind).toBe('refused');
    const odd = createSafeFetcher({
      allowPrivate: ['127.0.0.1'],
      lookup: async (name) => [{ address: name === 'zone.example' ? 'fe80::1%eth0' : 'not-an-address', family: 6 }],
    });
    expect((await failure(odd.fetch(`http://zone.example:${farm.port}/feed`))).kind).toBe('refused');
    expect((await failure(odd.fetch(`http://junk.example:${farm.port}/feed`))).kind).toBe('refused');
    await odd.close();
    expect(farm.requests).toHaveLength(0);
    await fetcher.close();

    const allowed = createSafeFetcher({ allowPrivate: ['127.0.0.1'], lookup: async () => [{ address: '127.0.0.1', family: 4 }] });
    const res = await allowed.fetch(`http://feeds.example:${farm.port}/feed`);
    expect(res.status).toBe(200);
    expect(farm.requests.at(-1)!.headers.host).toBe(`feeds.example:${farm.port}`);
    await allowed.close();
    farm.requests.length = 0;
  });

  it('refuses schemes other than http and https, and credentials, with a plain message', async () => {
    const fetcher = createSafeFetcher({ allowPrivate: ['127.0.0.1'] });
    for (const url of [
      'file:///etc/passwd',
      'ftp://127.0.0.1/feed',
      'gopher://127.0.0.1:70/',
      'javascript:alert(1)',
      'not a url',
      `http://user:pw@127.0.0.1:${farm.port}/feed`,
    ]) {
      const error = await failure(fetcher.fetch(url));
      expect(error.kind, url).toBe('invalid');
    }
    expect(farm.requests).toHaveLength(0);
    await fetcher.close();
  });

  it('checks every redirect hop again and refuses a hop to a private address', async () => {
    const fetcher = createSafeFetcher({ allowPrivate: ['127.0.0.1'] });
    farm.route('/to-other', (_req, res) => void res.writeHead(302, { location: `${other.origin}/feed` }).end());
    farm.route('/to-decimal', (_req, res) => void res.writeHead(301, { location: `http://2130706434:${other.port}/feed` }).end());
    farm.route('/to-file', (_req, res) => void res.writeHead(302, { location: 'file:///etc/passwd' }).end());
    expect((await failure(fetcher.fetch(`${farm.origin}/to-other`))).kind).toBe('refused');
    expect((await failure(fetcher.fetch(`${farm.origin}/to-decimal`))).kind).toBe('refused');
    expect((await failure(fetcher.fetch(`${farm.origin}/to-file`))).kind).toBe('invalid');
    expect(other.requests).toHaveLength(0);
    await fetcher.close();
  });

  it('follows at most 5 redirects and reports a leading run of permanent ones', async () => {
    const fetcher = createSafeFetcher({ allowPrivate: ['127.0.0.1'] });
    farm.route('/p1', (_req, res) => void res.writeHead(301, { location: '/p2' }).end());
    farm.route('/p2', (_req, res) => void res.writeHead(308, { location: '/p3' }).end());
    farm.route('/p3', (_req, res) => void res.writeHead(302, { location: '/feed' }).end());
    const res = await fetcher.fetch(`${farm.origin}/p1`);
    expect(res.status).toBe(200);
    expect(res.url).toBe(`${farm.origin}/feed`);
    expect(res.permanentUrl).toBe(`${farm.origin}/p3`);

    farm.route('/t1', (_req, res) => void res.writeHead(307, { location: '/p1' }).end());
    expect((await fetcher.fetch(`${farm.origin}/t1`)).permanentUrl).toBeUndefined();

    for (let i = 0; i < 7; i++) farm.route(`/loop${i}`, (_req, res) => void res.writeHead(302, { location: `/loop${i + 1}` }).end());
    farm.route('/loop7', (_req, res) => void res.writeHead(200).end('<rss/>'));
    const error = await failure(fetcher.fetch(`${farm.origin}/loop0`));
    expect(error.kind).toBe('redirects');
    expect(farm.requests.filter((r) => r.path.startsWith('/loop'))).toHaveLength(6);
    await fetcher.close();
  });

  it('sends conditional headers, decompresses, and caps the body after decompression', async () => {
    const fetcher = createSafeFetcher({ allowPrivate: ['127.0.0.1'], maxBytes: 64 * 1024 });
    farm.serve('/cond', '<rss>x</rss>', { etag: '"v1"', 'last-modified': 'Mon, 02 Nov 2026 08:00:00 GMT' });
    const first = await fetcher.fetch(`${farm.origin}/cond`);
    expect(first.status).toBe(200);
    const second = await fetcher.fetch(`${farm.origin}/cond`, {
      etag: first.headers.get('etag'),
      lastModified: first.headers.get('last-modified'),
    });
    expect(second.status).toBe(304);
    expect(farm.requests.at(-1)!.headers['if-none-match']).toBe('"v1"');
    expect(farm.requests.at(-1)!.headers['if-modified-since']).toBe('Mon, 02 Nov 2026 08:00:00 GMT');

    farm.route('/gz', (req, res) => {
      expect(req.headers['accept-encoding']).toMatch(/gzip/);
      res.writeHead(200, { 'content-encoding': 'gzip' }).end(zlib.gzipSync('<rss>compressed</rss>'));
    });
    expect((await fetcher.fetch(`${farm.origin}/gz`)).body.toString()).toBe('<rss>compressed</rss>');

    const bomb = zlib.gzipSync(Buffer.alloc(10 * 1024 * 1024, 32));
    farm.route('/bomb', (_req, res) => void res.writeHead(200, { 'content-encoding': 'gzip' }).end(bomb));
    expect((await failure(fetcher.fetch(`${farm.origin}/bomb`))).kind).toBe('too-large');
    farm.route('/huge', (_req, res) => void res.writeHead(200).end(Buffer.alloc(200 * 1024, 65)));
    const huge = await failure(fetcher.fetch(`${farm.origin}/huge`));
    expect(huge.kind).toBe('too-large');
    expect(huge.message).toMatch(/larger than/);
    await fetcher.close();
  });

  it('gives up on a slow answer at the total time limit', async () => {
    const fetcher = createSafeFetcher({ allowPrivate: ['127.0.0.1'], totalTimeoutMs: 300 });
    farm.route('/slow', (_req, res) => {
      res.writeHead(200);
      res.write('<rss>');
      setTimeout(() => res.end('</rss>'), 2_000).unref();
    });
    const started = Date.now();
    const error = await failure(fetcher.fetch(`${farm.origin}/slow`));
    expect(error.kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1_500);
    await fetcher.close();
  });

  it('says plainly when nothing listens', async () => {
    const fetcher = createSafeFetcher({ allowPrivate: ['127.0.0.1'] });
    const closed = await startFeedFarm('127.0.0.1');
    await closed.close();
    const error = await failure(fetcher.fetch(`${closed.origin}/feed`));
    expect(error.kind).toBe('network');
    expect(error.message).toBe(`127.0.0.1:${closed.port} refused the connection.`);
    await fetcher.close();
  });
});
