import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeedFarm, type FeedFarm } from '../../test/support/feed-farm.ts';
import { createSafeFetcher } from '../net/safe-fetch.ts';
import { discoverFeed, feedLinksInHtml } from './discovery.ts';

describe('feed links in a page', () => {
  it('takes alternate feed links, resolved, comment feeds last, other links ignored', () => {
    const html = fs.readFileSync(path.join(import.meta.dirname, '../../test/fixtures/feeds/site.html'), 'utf8');
    expect(feedLinksInHtml(html, 'https://me.example/blog/')).toEqual([
      'https://me.example/feeds/posts.atom',
      'https://me.example/comments/feed/',
    ]);
  });
  it('honours <base>, single quotes, any attribute order and JSON Feed', () => {
    const html = `<head><base href="https://cdn.example/x/"><link href='f.json' type="application/feed+json" rel="alternate"><link rel="alternate" hreflang="fr" href="/fr/"><link rel="alternate stylesheet" type="text/css" href="s.css"></head>`;
    expect(feedLinksInHtml(html, 'https://me.example/')).toEqual(['https://cdn.example/x/f.json']);
  });
});

describe('discovery', () => {
  let farm: FeedFarm;
  const fetcher = createSafeFetcher({ allowPrivate: ['127.0.0.1'] });
  beforeAll(async () => {
    farm = await startFeedFarm();
  });
  afterAll(async () => {
    await farm.close();
    await fetcher.close();
  });

  it('skips a link that is not a feed and falls back to the usual paths, ending with Blogger’s', async () => {
    farm.serve('/blogger/', '<html><head><link rel="alternate" type="application/rss+xml" href="/blogger/broken"></head></html>', {
      'content-type': 'text/html',
    });
    farm.serve('/blogger/broken', 'not xml at all');
    farm.serve('/feeds/posts/default', '<feed xmlns="http://www.w3.org/2005/Atom"><title>Blogger</title></feed>', {
      'content-type': 'application/atom+xml',
    });
    const found = await discoverFeed(fetcher, `${farm.origin}/blogger/`);
    expect(found.feedUrl).toBe(`${farm.origin}/feeds/posts/default`);
    expect(found.feed.title).toBe('Blogger');
  });

  it('stores the new home of a feed that moved permanently', async () => {
    farm.route('/old.xml', (_req, res) => void res.writeHead(301, { location: '/new.xml' }).end());
    farm.serve('/new.xml', '<rss version="2.0"><channel><title>Moved</title></channel></rss>');
    expect((await discoverFeed(fetcher, `${farm.origin}/old.xml`)).feedUrl).toBe(`${farm.origin}/new.xml`);
  });

  it('gives up within its time budget', async () => {
    farm.route('/slow/', (_req, res) => {
      setTimeout(() => res.writeHead(200, { 'content-type': 'text/html' }).end('<html></html>'), 3_000).unref();
    });
    const started = Date.now();
    await expect(discoverFeed(fetcher, `${farm.origin}/slow/`, { timeoutMs: 300 })).rejects.toThrow(/took too long/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
