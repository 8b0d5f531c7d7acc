import { Hono, type Context } from 'hono';
import { findUserByHandle } from '../accounts/accounts.queries.ts';
import { AppError } from '../errors.ts';
import type { AppEnv } from '../ui/env.ts';
import { setFlash } from '../ui/flash.ts';
import { renderPage } from '../ui/layout.tsx';
import { pageShows, requireSignedIn, viewerOrThrow } from '../ui/request.ts';
import { tags as cacheTags } from '../cache/index.ts';
import { listShows } from './posts.tags.ts';
import { listComments } from '../discussions/discussions.service.ts';
import { standingBetween } from '../relations.ts';
import { postSubject } from './comments.service.ts';
import { feedResponse, type FeedFormat } from '../ui/feeds-out.ts';
import { memberFeed } from './feeds.ts';
import { renderMarkdown } from '../markup/markdown.ts';
import { canEditPost, canSeePost } from './posts.policy.ts';
import { findPostBySlug, listUnpublished, listVisiblePosts, tagCounts, type PostWithAuthor } from './posts.queries.ts';
import { normaliseTag } from './posts.schemas.ts';
import { createPost, deletePost, updatePost } from './posts.service.ts';
import { MemberBlogPage, MemberTagPage } from './member-blog.views.tsx';
import { FeedHead } from '../ui/components.tsx';
import { PostArticle, PostComments, PostFormPage, postPath, relativeCover, type PostFormValues } from './posts.views.tsx';
import { findMedia, listOwnMedia } from './media.queries.ts';
import { MEDIA_MAX_BYTES, presentMedia, storeImage, tooLargeUpload } from './media.service.ts';
import { readUploadForm } from '../ui/multipart.ts';
import type { AppContext } from '../context.ts';
import type { Account } from '../accounts/accounts.service.ts';

/** /write: a new post. */
export const writePages = new Hono<AppEnv>();
/** /@{handle}/…: a member's blog, its posts, tags and feeds. */
export const memberBlogPages = new Hono<AppEnv>();

function formInput(form: Record<string, string>) {
  const at = form.publishAt?.trim();
  return {
    title: form.title ?? '',
    body: form.body ?? '',
    tags: (form.tags ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
    visibility: form.visibility,
    comments: form.comments,
    thing: form.thingProgramme?.trim() ? { programme: form.thingProgramme.trim(), number: form.thingNumber ?? '' } : null,
    status: form.action === 'publish' ? 'published' : 'draft',
    // datetime-local has no zone: we say UTC in the hint and read it so.
    publishAt: at ? (/^\d{4}-\d\d-\d\dT\d\d:\d\d$/.test(at) ? `${at}:00Z` : at) : null,
    // Absent (a form without image fields) keeps the cover; empty removes it.
    coverImage: form.coverImage === undefined ? undefined : form.coverImage || null,
  };
}

/**
 * Reads the write/edit form with its images: a new cover is stored and named in `coverImage`, an
 * inline image is stored and its Markdown offered to paste. Image problems come back per field.
 */
async function readPostForm(c: Context<AppEnv>, viewer: Account) {
  const ctx = c.get('ctx');
  const { fields: form, files, fileErrors } = await readUploadForm(c, { maxFileBytes: MEDIA_MAX_BYTES, tooBig: tooLargeUpload });
  const errors: Record<string, string> = { ...fileErrors };
  let notice: string | undefined;
  if (form.removeCover === '1') form.coverImage = '';
  const store = async (field: 'cover' | 'image', alt: string | undefined) => {
    const file = files.get(field);
    if (!file) return undefined;
    try {
      return await storeImage(ctx, viewer, file.bytes, { alt, field });
    } catch (error) {
      if (!(error instanceof AppError) || error.code === 'too_many_requests') throw error;
      errors[field] = error.fields?.[field] ?? error.message;
      return undefined;
    }
  };
  const cover = await store('cover', form.coverAlt);
  if (cover) {
    form.coverImage = cover.id;
    form.coverAlt = '';
  }
  const image = await store('image', form.imageAlt);
  if (image) {
    notice = `Your image is uploaded. Paste this line into the body where it should appear: ${presentMedia(ctx, image).markdown}`;
    form.imageAlt = '';
  }
  return { form, errors, notice };
}

/** What the form shows beside the fields: the chosen cover and the writer's recent images. */
async function imageContext(ctx: AppContext, viewer: Account, coverImage: string | undefined) {
  const m = coverImage ? await findMedia(ctx.db, coverImage) : undefined;
  const cover =
    m && m.owner_id === viewer.id
      ? relativeCover({
          cover_key: m.key,
          cover_widths: m.widths,
          cover_width: m.width,
          cover_height: m.height,
          cover_alt: m.alt,
        } as PostWithAuthor)
      : null;
  const recent = (await listOwnMedia(ctx.db, viewer.id, 12)).map((r) => presentMedia(ctx, r));
  return { cover, recent };
}

function valuesOf(post: PostWithAuthor): PostFormValues {
  return {
    title: post.title,
    body: post.body,
    tags: post.tags.join(', '),
    visibility: post.visibility,
    comments: post.comments,
    thingProgramme: post.thing_programme ?? '',
    thingNumber: post.thing_number === null ? '' : String(post.thing_number),
    publishAt: post.status === 'scheduled' && post.published_at ? post.published_at.slice(0, 16) : '',
    coverImage: post.cover_media_id ?? '',
  };
}

/**
 * What writing and editing share once the form is sent: images are stored; a preview, an upload or an
 * image problem shows the form again; otherwise `save` runs, and a refusal it throws shows on the form.
 */
async function postFormStep(
  c: Context<AppEnv>,
  viewer: Account,
  page: { title: string; action: string; isDraft: boolean; refusals: readonly string[]; preview: (body: string | undefined) => string },
  save: (form: Record<string, string>) => Promise<Response>,
): Promise<Response> {
  const ctx = c.get('ctx');
  const { form, errors, notice } = await readPostForm(c, viewer);
  const view = async (extra: { previewHtml?: string; fields?: Record<string, string>; message?: string }, status = 200) =>
    renderPage(
      c,
      page.title,
      <PostFormPage
        heading={page.title}
        action={page.action}
        values={form as PostFormValues}
        isDraft={page.isDraft}
        notice={notice}
        {...extra}
        {...(await imageContext(ctx, viewer, form.coverImage))}
      />,
      { status },
    );
  const imageProblems = Object.keys(errors).length > 0;
  if (form.action === 'preview' || form.action === 'upload' || imageProblems) {
    return view(
      {
        ...(form.action === 'preview' ? { previewHtml: page.preview(form.body) } : {}),
        ...(imageProblems ? { fields: errors, message: 'The image could not be used' } : {}),
      },
      imageProblems ? 422 : 200,
    );
  }
  try {
    return await save(form);
  } catch (error) {
    if (!(error instanceof AppError) || !page.refusals.includes(error.code)) throw error;
    return view({ fields: error.fields as Record<string, string>, message: error.message }, error.status);
  }
}

// `?programme=…&thing=N` (the Thing page's "Write a post for this Thing") fills in the Thing it answers.
writePages.get('/write', requireSignedIn, async (c) => {
  const programme = (c.req.query('programme') ?? '').trim().slice(0, 100);
  const thing = /^\d{1,4}$/.test(c.req.query('thing') ?? '') ? c.req.query('thing')! : '';
  const values: PostFormValues = programme && thing ? { thingProgramme: programme, thingNumber: thing } : {};
  const images = await imageContext(c.get('ctx'), viewerOrThrow(c), undefined);
  return renderPage(c, 'Write a post', <PostFormPage heading="Write a post" action="/write" values={values} isDraft {...images} />);
});

writePages.post('/write', requireSignedIn, async (c) => {
  const viewer = viewerOrThrow(c);
  const page = {
    title: 'Write a post',
    action: '/write',
    isDraft: true,
    refusals: ['bad_input', 'unprocessable', 'forbidden'],
    preview: (body: string | undefined) => renderMarkdown(body ?? ''),
  };
  return postFormStep(c, viewer, page, async (form) => {
    const post = await createPost(c.get('ctx'), viewer, formInput(form));
    setFlash(c, {
      kind: 'success',
      message:
        post.status === 'published'
          ? 'Your post is published.'
          : post.status === 'scheduled'
            ? 'Your post is scheduled.'
            : 'Your draft is saved.',
    });
    return c.redirect(postPath(post), 303);
  });
});

async function memberOr404(c: Context<AppEnv>) {
  const handle = c.req.param('at')!.slice(1);
  const member = await findUserByHandle(c.get('ctx').db, handle);
  if (!member) throw new AppError('not_found', 'There is no member with that handle.');
  return member;
}

async function postOr404(c: Context<AppEnv>) {
  const member = await memberOr404(c);
  const { db } = c.get('ctx');
  const post = await findPostBySlug(db, member.id, c.req.param('slug')!);
  const viewer = c.get('viewer');
  if (!post || !canSeePost(viewer, post, await standingBetween(db, viewer?.id, post.author_id)))
    throw new AppError('not_found', 'There is no such post.');
  return post;
}

for (const format of ['atom', 'rss', 'json'] as const) {
  memberBlogPages.get(`/feed.${format}`, async (c) => {
    const ctx = c.get('ctx');
    const member = await memberOr404(c);
    const { items } = await listVisiblePosts(ctx.db, undefined, { authorId: member.id, publicOnly: true, limit: 50 });
    pageShows(c, ...listShows(cacheTags.member(member.id), items));
    return feedResponse(c, memberFeed(ctx, member, items), format as FeedFormat);
  });
}

memberBlogPages.get('/', async (c) => {
  const ctx = c.get('ctx');
  const viewer = c.get('viewer');
  const member = await memberOr404(c);
  const own = viewer?.id === member.id;
  const page = await listVisiblePosts(ctx.db, viewer, { authorId: member.id, cursor: c.req.query('after'), limit: 20 });
  const unpublished = own ? await listUnpublished(ctx.db, member.id) : [];
  const tags = await tagCounts(ctx.db, viewer, member.id);
  pageShows(c, ...listShows(cacheTags.member(member.id), page.items));
  const feedBase = `/@${member.handle}/feed`;
  return renderPage(
    c,
    `${member.display_name}’s blog`,
    <MemberBlogPage member={member} own={own} unpublished={unpublished} page={page} tags={tags} feedBase={feedBase} />,
    { head: <FeedHead base={`${ctx.config.baseUrl}${feedBase}`} title={`${member.display_name} on Commonplace`} /> },
  );
});

memberBlogPages.get('/tags/:tag', async (c) => {
  const ctx = c.get('ctx');
  const member = await memberOr404(c);
  const tag = normaliseTag(c.req.param('tag'));
  const page = await listVisiblePosts(ctx.db, c.get('viewer'), { authorId: member.id, tag, cursor: c.req.query('after') });
  pageShows(c, ...listShows(cacheTags.member(member.id), page.items));
  return renderPage(c, `#${tag} · ${member.display_name}`, <MemberTagPage member={member} tag={tag} page={page} />);
});

async function renderPost(c: Context<AppEnv>, post: PostWithAuthor, comment?: { value: string; error: string }, status = 200) {
  const ctx = c.get('ctx');
  const viewer = c.get('viewer');
  const subject = await postSubject(ctx, viewer, post);
  const comments = await listComments(ctx, viewer, subject);
  pageShows(c, cacheTags.post(post.id));
  const feedBase = `/@${post.author_handle}/feed`;
  return renderPage(
    c,
    post.title,
    <PostArticle post={post} canEdit={canEditPost(viewer, post)}>
      {post.status === 'published' && (
        <PostComments
          comments={comments}
          subject={subject}
          viewer={viewer}
          now={ctx.clock.now()}
          signInNext={postPath(post)}
          draft={comment}
        />
      )}
    </PostArticle>,
    { status, head: <FeedHead base={`${ctx.config.baseUrl}${feedBase}`} title={`${post.author_name} on Commonplace`} /> },
  );
}

export { renderPost, postOr404 };

memberBlogPages.get('/:slug', async (c) => renderPost(c, await postOr404(c)));

memberBlogPages.get('/:slug/edit', requireSignedIn, async (c) => {
  const post = await postOr404(c);
  const viewer = viewerOrThrow(c);
  if (!canEditPost(viewer, post)) throw new AppError('forbidden', 'Only the author can change this post.');
  const images = await imageContext(c.get('ctx'), viewer, post.cover_media_id ?? undefined);
  return renderPage(
    c,
    `Edit “${post.title}”`,
    <PostFormPage
      heading={`Edit “${post.title}”`}
      action={`${postPath(post)}/edit`}
      values={valuesOf(post)}
      isDraft={post.status === 'draft'}
      {...images}
    />,
  );
});

memberBlogPages.post('/:slug/edit', requireSignedIn, async (c) => {
  const post = await postOr404(c);
  const viewer = viewerOrThrow(c);
  if (!canEditPost(viewer, post)) throw new AppError('forbidden', 'Only the author can change this post.');
  // An imported post keeps its HTML unless its words were changed here.
  const keepsHtml = (body: string | undefined) => post.body_format === 'html' && body === post.body;
  const page = {
    title: `Edit “${post.title}”`,
    action: `${postPath(post)}/edit`,
    isDraft: post.status === 'draft',
    refusals: ['bad_input', 'unprocessable'],
    preview: (body: string | undefined) => (keepsHtml(body) ? post.html : renderMarkdown(body ?? '')),
  };
  return postFormStep(c, viewer, page, async (form) => {
    const input: Record<string, unknown> = formInput(form);
    if (keepsHtml(form.body)) delete input.body;
    const saved = await updatePost(c.get('ctx'), viewer, post.id, input);
    setFlash(c, {
      kind: 'success',
      message:
        saved.status === 'published'
          ? 'Your changes are published.'
          : saved.status === 'scheduled'
            ? 'Your post is scheduled.'
            : 'Saved as a draft.',
    });
    return c.redirect(postPath(saved), 303);
  });
});

memberBlogPages.post('/:slug/delete', requireSignedIn, async (c) => {
  const post = await postOr404(c);
  await deletePost(c.get('ctx'), c.get('viewer'), post.id);
  setFlash(c, { kind: 'success', message: `“${post.title}” was deleted.` });
  return c.redirect(`/@${post.author_handle}`, 303);
});
