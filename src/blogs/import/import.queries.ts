import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';

/**
 * What earlier imports left in a member's blog, so a second import adds nothing twice: her posts
 * (slugs and source ids) and the imported comments on them, by source id.
 */
export async function earlierImports(trx: Transaction<Database>, authorId: string) {
  const posts = await trx.selectFrom('posts').select(['id', 'slug', 'source_key']).where('author_id', '=', authorId).execute();
  const comments = await trx
    .selectFrom('comments')
    .innerJoin('posts', (join) => join.onRef('posts.id', '=', 'comments.subject_id').on('comments.subject_type', '=', 'post'))
    .select(['comments.id', 'comments.subject_id as post_id', 'comments.source_key'])
    .where('posts.author_id', '=', authorId)
    .where('comments.source_key', 'is not', null)
    .execute();
  return { posts, comments };
}
