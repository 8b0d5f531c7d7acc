import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember } from '../dev-data/factories.ts';
import { createSafeFetcher } from '../net/safe-fetch.ts';
import { describeEachDatabase } from '../../test/support/harness.ts';
import { startFeedFarm, type FeedFarm } from '../../test/support/feed-farm.ts';
import { bulkRegisterBlogs, parseBulkCsv, parseBulkOpml } from './bulk.ts';
import { useFeedFetcher } from './fetcher.ts';
import { renderOpml } from './opml.ts';

describe('bulk registration files', () => {
  it('reads CSV with a header, quotes, @handles and blank lines', () => {
    expect(parseBulkCsv('\uFEFFhandle,url\r\n@ada,https://ada.example/\n\n"bo","https://bo.example/feed?a=1,2"\nbroken-line\n')).toEqual([
      { handle: 'ada', url: 'https://ada.example/' },
      { handle: 'bo', url: 'https://bo.example/feed?a=1,2' },
    ]);
  });
  it('reads OPML outlines, nested ones too', () => {
    const opml = renderOpml({
      title: 't',
      createdAt: '2026-11-02T09:00:00Z',
      blogs: [{ text: 'ada', feedUrl: 'https://ada.example/feed', siteUrl: null }],
    }).replace('</body>', '<outline text="Group"><outline text="@bo" htmlUrl="https://bo.example/"/></outline></body>');
    expect(parseBulkOpml(opml)).toEqual([
      { handle: 'ada', url: 'https://ada.example/feed' },
      { handle: 'bo', url: 'https://bo.example/' },
    ]);
    expect(() => parseBulkOpml('<html>')).toThrow(/OPML/);
  });
});

describeEachDatabase('bulk registration', (h) => {
  let farm: FeedFarm;
  beforeAll(async () => {
    farm = await startFeedFarm();
    useFeedFetcher(h().ctx, createSafeFetcher({ allowPrivate: ['127.0.0.1'], totalTimeoutMs: 2_000 }));
    farm.serve('/ok.rss', '<rss version="2.0"><channel><title>Okay Blog</title></channel></rss>');
  });
  afterAll(() => farm.close());

  it('registers what it can and reports each failure in plain words', async () => {
    const member = await createMember(h().ctx, { handle: 'pia_bulk' });
    const report = await bulkRegisterBlogs(h().ctx, [
      { handle: 'PIA_bulk', url: `${farm.origin}/ok.rss` },
      { handle: 'nobody_here', url: `${farm.origin}/ok.rss` },
      { handle: 'pia_bulk', url: `http://localhost:${farm.port}/ok.rss` },
      { handle: 'pia_bulk', url: `${farm.origin}/missing.rss` },
    ]);
    expect(report.registered).toEqual([{ handle: 'PIA_bulk', feedUrl: `${farm.origin}/ok.rss`, title: 'Okay Blog' }]);
    expect(report.failed.map((f) => f.reason)).toEqual([
      'No participant has that handle.',
      'That address is on a private network, so Commonplace will not fetch it.',
      'That address answered 404 (not found).',
    ]);
    expect(await h().ctx.db.kysely.selectFrom('external_blogs').select('user_id').execute()).toEqual([{ user_id: member.id }]);
  });
});
