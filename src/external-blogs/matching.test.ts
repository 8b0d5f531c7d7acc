import { describe, expect, it } from 'vitest';
import { matchPostToThing, numbersInTitle, pageKey, type MatchablePost, type ThingCandidate } from './matching.ts';

const thing = (programme: string, number: number, title: string, tags: string[] = []): ThingCandidate => ({
  programme,
  number,
  title,
  tags,
  url: `https://commonplace.example/programmes/${programme}/things/${number}`,
});

const cpd23 = [
  thing('cpd23', 1, 'Blogging', ['cpd23', 'thing1']),
  thing('cpd23', 2, 'Personal brand', ['cpd23', 'thing2']),
  thing('cpd23', 6, 'Online networks', ['cpd23', 'thing6']),
  thing('cpd23', 16, 'Advocacy', ['cpd23', 'thing16']),
  thing('cpd23', 23, 'Reflection and development plan', ['cpd23', 'thing23']),
];
const rerun = [thing('cpd23-2027', 6, 'Online networks revisited', ['thing6-2027'])];

const post = (p: Partial<MatchablePost>): MatchablePost => ({ title: '', tags: [], contentHtml: null, ...p });
const key = (r: ReturnType<typeof matchPostToThing>) =>
  r.status === 'matched'
    ? `${r.rule}:${r.thing.programme}/${r.thing.number}`
    : r.status === 'ambiguous'
      ? `${r.rule}?${r.candidates.map((c) => `${c.programme}/${c.number}`).join(',')}`
      : 'none';

describe('matching an external post to a Thing', () => {
  it('matches by a link to the Thing page first, whatever the title and tags say', () => {
    const p = post({
      title: 'Thing 2 catch-up',
      tags: ['thing1'],
      contentHtml: '<p>For <a href="https://commonplace.example/programmes/cpd23/things/6/#brief">this week</a></p>',
    });
    expect(key(matchPostToThing(p, cpd23))).toBe('link:cpd23/6');
  });

  it('reads link spellings: trailing slash, query, fragment, host case, single quotes, &amp;', () => {
    for (const href of [
      "'HTTPS://Commonplace.Example/programmes/cpd23/things/6?x=1&amp;y=2'",
      '"https://commonplace.example/programmes/cpd23/things/6/"',
    ]) {
      expect(key(matchPostToThing(post({ contentHtml: `<a href=${href}>t</a>` }), cpd23))).toBe('link:cpd23/6');
    }
    expect(
      key(matchPostToThing(post({ contentHtml: '<a href="https://commonplace.example/programmes/cpd23/things/16">x</a>' }), cpd23)),
    ).toBe('link:cpd23/16');
    expect(key(matchPostToThing(post({ contentHtml: '<a href="https://other.example/programmes/cpd23/things/6">x</a>' }), cpd23))).toBe(
      'none',
    );
  });

  it('calls two linked Things ambiguous', () => {
    const html =
      '<a href="https://commonplace.example/programmes/cpd23/things/1">1</a> <a href="https://commonplace.example/programmes/cpd23/things/2">2</a>';
    expect(key(matchPostToThing(post({ contentHtml: html }), cpd23))).toBe('link?cpd23/1,cpd23/2');
  });

  it('matches by a tag only that Thing lists, ignoring case', () => {
    expect(key(matchPostToThing(post({ title: 'My week', tags: ['CPD23', 'Thing6'] }), cpd23))).toBe('tag:cpd23/6');
    expect(key(matchPostToThing(post({ title: 'Thing 2 as well', tags: ['thing6'] }), cpd23))).toBe('tag:cpd23/6');
    expect(key(matchPostToThing(post({ tags: ['thing1', 'thing2'] }), cpd23))).toBe('tag?cpd23/1,cpd23/2');
  });

  it('uses a programme-wide tag to narrow the title rule, and to offer that programme when nothing else decides', () => {
    const both = [...cpd23, ...rerun];
    expect(key(matchPostToThing(post({ title: 'Thing 6', tags: ['cpd23'] }), both))).toBe('title:cpd23/6');
    expect(key(matchPostToThing(post({ title: 'Thing 6' }), both))).toBe('title?cpd23/6,cpd23-2027/6');
    const offered = matchPostToThing(post({ title: 'Holiday thoughts', tags: ['cpd23'] }), both);
    expect(offered.status).toBe('ambiguous');
    expect(offered.status === 'ambiguous' && offered.candidates.every((c) => c.programme === 'cpd23')).toBe(true);
  });

  it.each([
    ['Thing 6: online networks', 'title:cpd23/6'],
    ['thing6 – a late post', 'title:cpd23/6'],
    ['Thing #6', 'title:cpd23/6'],
    ['Thing-6 done', 'title:cpd23/6'],
    ['#6 at last', 'title:cpd23/6'],
    ['Week four (#6)', 'title:cpd23/6'],
    ['Thing six, finally', 'title:cpd23/6'],
    ['THING SIXTEEN: advocacy', 'title:cpd23/16'],
    ['Thing 16', 'title:cpd23/16'],
    ['Thing twenty-three', 'title:cpd23/23'],
    ['Thing twenty three and out', 'title:cpd23/23'],
    ['Reflecting on online networks', 'title:cpd23/6'],
    ['On my personal brand (and hats)', 'title:cpd23/2'],
    ['Thing 1 and Thing 2', 'title?cpd23/1,cpd23/2'],
    ['Things I read this week', 'none'],
    ['Something 6 ways', 'none'],
    ['C#6 notes', 'none'],
    ['Thing 61', 'none'],
    ['Blog', 'none'],
  ])('%s → %s', (title, expected) => {
    expect(key(matchPostToThing(post({ title }), cpd23))).toBe(expected);
  });

  it('answers none when the member is in no programme', () => {
    expect(matchPostToThing(post({ title: 'Thing 6', tags: ['thing6'] }), [])).toEqual({ status: 'none' });
  });
});

describe('matching helpers', () => {
  it('finds the numbers a title names', () => {
    expect([...numbersInTitle('Thing 7 (catching up on thing #6, Thing Nine)')].sort((a, b) => a - b)).toEqual([6, 7, 9]);
  });
  it('reduces URLs to a page key', () => {
    expect(pageKey('HTTPS://A.Example:443/x/y/?q#f')).toBe('a.example/x/y');
    expect(pageKey('mailto:a@b')).toBeUndefined();
  });
});
