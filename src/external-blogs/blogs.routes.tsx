import { Hono, type Context } from 'hono';
import { AppError } from '../errors.ts';
import type { AppEnv } from '../ui/env.ts';
import { setFlash } from '../ui/flash.ts';
import { readForm } from '../ui/forms.ts';
import { renderPage } from '../ui/layout.tsx';
import { requireSignedIn } from '../ui/request.ts';
import {
  checkBlogNow,
  consumeFetchAllowance,
  getBlog,
  listBlogPosts,
  listBlogs,
  previewBlog,
  registerBlog,
  removeBlog,
  setPaused,
} from './blogs.service.ts';
import { BlogPage, BlogsPage, InboxPage, PreviewPage } from './blogs.views.tsx';
import { assignPost, listInbox, unassignPost } from './inbox.service.ts';

/** /settings/blogs: a member's external blogs (register with a confirm step, health, check, pause, remove) and her inbox. */
export const externalBlogPages = new Hono<AppEnv>();
externalBlogPages.use('*', requireSignedIn);

async function showBlogs(
  c: Context<AppEnv>,
  extra: { url?: string; message?: string; fields?: Readonly<Record<string, string>> } = {},
  status = 200,
) {
  const ctx = c.get('ctx');
  const viewer = c.get('viewer')!;
  const [blogs, inbox] = await Promise.all([listBlogs(ctx, viewer.id), listInbox(ctx, viewer.id)]);
  return renderPage(c, 'Your blogs elsewhere', <BlogsPage blogs={blogs} inboxCount={inbox.length} {...extra} />, { status });
}

/** Runs a change; an AppError goes back to the list page with the address kept and the problem named. */
async function attempt(c: Context<AppEnv>, url: string, action: () => Promise<Response>) {
  try {
    return await action();
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.retryAfter) c.header('Retry-After', String(error.retryAfter));
    return showBlogs(c, { url, message: error.message, fields: error.fields ?? { url: error.message } }, error.status);
  }
}

externalBlogPages.get('/', (c) => showBlogs(c, { url: c.req.query('url') ?? '' }));

externalBlogPages.post('/preview', async (c) => {
  const url = (await readForm(c)).url ?? '';
  return attempt(c, url, async () => {
    consumeFetchAllowance(c.get('ctx'), c.get('viewer')!.id);
    const preview = await previewBlog(c.get('ctx'), url);
    return renderPage(c, 'Is this your blog?', <PreviewPage preview={preview} url={url} />);
  });
});

externalBlogPages.post('/', async (c) => {
  const url = (await readForm(c)).url ?? '';
  return attempt(c, url, async () => {
    consumeFetchAllowance(c.get('ctx'), c.get('viewer')!.id);
    const blog = await registerBlog(c.get('ctx'), c.get('viewer')!.id, url);
    setFlash(c, { kind: 'success', message: `Commonplace now follows ${blog.title}.` });
    return c.redirect(`/settings/blogs/${blog.id}`, 303);
  });
});

externalBlogPages.get('/inbox', async (c) => {
  const items = await listInbox(c.get('ctx'), c.get('viewer')!.id);
  return renderPage(c, 'Posts that need a Thing', <InboxPage items={items} />);
});

externalBlogPages.post('/posts/:postId/assign', async (c) => {
  const ctx = c.get('ctx');
  const viewer = c.get('viewer')!;
  const match = /^(.+):(\d+)$/.exec((await readForm(c)).thing ?? '');
  try {
    if (!match) throw new AppError('bad_input', 'Choose a Thing.');
    const post = await assignPost(ctx, viewer.id, c.req.param('postId'), { programme: match[1]!, number: Number(match[2]) });
    setFlash(c, { kind: 'success', message: `“${post.title}” now answers Thing ${match[2]}.` });
    return c.redirect('/settings/blogs/inbox', 303);
  } catch (error) {
    if (!(error instanceof AppError) || error.code === 'not_found') throw error;
    return renderPage(c, 'Posts that need a Thing', <InboxPage items={await listInbox(ctx, viewer.id)} message={error.message} />, {
      status: error.status,
    });
  }
});

externalBlogPages.post('/posts/:postId/unassign', async (c) => {
  const post = await unassignPost(c.get('ctx'), c.get('viewer')!.id, c.req.param('postId'));
  setFlash(c, { kind: 'success', message: `“${post.title}” no longer answers a Thing.` });
  return c.redirect(`/settings/blogs/${post.blogId}`, 303);
});

externalBlogPages.get('/:id', async (c) => {
  const ctx = c.get('ctx');
  const viewer = c.get('viewer')!;
  const blog = await getBlog(ctx, viewer.id, c.req.param('id'));
  const posts = await listBlogPosts(ctx, viewer.id, blog.id);
  return renderPage(c, blog.title, <BlogPage blog={blog} posts={posts} />);
});

externalBlogPages.post('/:id/check', async (c) => {
  const ctx = c.get('ctx');
  const viewer = c.get('viewer')!;
  await getBlog(ctx, viewer.id, c.req.param('id'));
  try {
    consumeFetchAllowance(ctx, viewer.id);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    setFlash(c, { kind: 'error', message: error.message });
    return c.redirect(`/settings/blogs/${c.req.param('id')}`, 303);
  }
  const { blog, result } = await checkBlogNow(ctx, viewer.id, c.req.param('id'));
  const message =
    result.outcome === 'failed'
      ? { kind: 'error' as const, message: `Checked: ${result.error}` }
      : {
          kind: 'success' as const,
          message: result.added > 0 ? `Checked: ${result.added} new ${result.added === 1 ? 'post' : 'posts'}.` : 'Checked: nothing new.',
        };
  setFlash(c, message);
  return c.redirect(`/settings/blogs/${blog.id}`, 303);
});

for (const [action, paused] of [
  ['pause', true],
  ['resume', false],
] as const) {
  externalBlogPages.post(`/:id/${action}`, async (c) => {
    const blog = await setPaused(c.get('ctx'), c.get('viewer')!.id, c.req.param('id'), paused);
    setFlash(c, { kind: 'success', message: paused ? `${blog.title} is paused.` : `${blog.title} will be checked again.` });
    return c.redirect('/settings/blogs', 303);
  });
}

externalBlogPages.post('/:id/remove', async (c) => {
  const ctx = c.get('ctx');
  const viewer = c.get('viewer')!;
  const blog = await getBlog(ctx, viewer.id, c.req.param('id'));
  await removeBlog(ctx, viewer.id, blog.id);
  setFlash(c, { kind: 'success', message: `Commonplace no longer follows ${blog.title}. Your blog itself is untouched.` });
  return c.redirect('/settings/blogs', 303);
});
