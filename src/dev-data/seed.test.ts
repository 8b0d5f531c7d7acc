import { expect, it } from 'vitest';
import { seedIfEmpty } from './seed.ts';
import { describeEachDatabase } from '../../test/support/harness.ts';
import { findProgrammeBySlug, findUserIdByHandle } from '../programmes/programmes.queries.ts';
import { progressOf } from '../programmes/programmes.service.ts';

describeEachDatabase('the demo seed', (h) => {
  it('creates a running 23-Thing programme with members at different stages', async () => {
    h().clock.set('2026-11-04T12:00:00Z'); // a Wednesday
    expect(await seedIfEmpty(h().ctx)).toMatchObject({ organiserHandle: 'organiser' });
    const p = (await findProgrammeBySlug(h().ctx, 'twenty-three-things'))!;
    expect(p.things).toHaveLength(23);
    expect(p.startsOn).toBe('2026-10-05');
    expect(p.catchUpWeeks).toEqual([6, 11]);
    const status = async (handle: string) => {
      const user = (await findUserIdByHandle(h().ctx.db, handle))!;
      const s = await progressOf(h().ctx, p, user.id);
      return [s.status, s.weeksBehind];
    };
    expect(await status('maya_reads')).toEqual(['ahead', 0]);
    expect(await status('tom_catalogues')).toEqual(['on-track', 0]);
    expect(await status('priya_archives')).toEqual(['behind', 1]);
    expect(await status('lena_shelves')).toEqual(['behind', 3]);
    expect(await status('sam_metadata')).toEqual(['behind', 4]);
    // The networks directory has peers' stances, so its tallies say something on a fresh install.
    const tallies = await h()
      .ctx.db.kysely.selectFrom('network_stances')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(tallies.n)).toBe(8);
    expect(await seedIfEmpty(h().ctx)).toBeUndefined();
  });
});
