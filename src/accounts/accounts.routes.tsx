import { Hono } from 'hono';
import { AppError } from '../errors.ts';
import type { AppEnv } from '../ui/env.ts';
import { setFlash } from '../ui/flash.ts';
import { readForm } from '../ui/forms.ts';
import { renderPage } from '../ui/layout.tsx';
import { rateRules } from '../rate-limit.ts';
import { clientIp } from '../ui/request.ts';
import { safeNext } from '../ui/request.ts';
import { endSession, startSession } from './session-cookie.ts';
import { authenticate, confirmEmailChange, createAccount, requestPasswordReset, resetPassword, verifyEmail } from './accounts.service.ts';
import { consumeEmailToken } from './email-tokens.ts';
import { ForgotPasswordForm, LinkProblem, ResetPasswordForm, SignInForm, SignOutConfirm, SignUpForm } from './accounts.views.tsx';

/** Sign-up, sign-in, sign-out, email confirmation and password reset pages. */
export const accountPages = new Hono<AppEnv>();

/** A form error as a re-rendered page: field problems keep what was typed; throttling answers 429. */
function formFailure(error: unknown): { status: number; message: string; fields?: Readonly<Record<string, string>>; retryAfter?: number } {
  if (!(error instanceof AppError)) throw error;
  return {
    status: error.status,
    message: error.message,
    ...(error.fields ? { fields: error.fields } : {}),
    ...(error.retryAfter ? { retryAfter: error.retryAfter } : {}),
  };
}

accountPages.get('/sign-up', async (c) => {
  if (c.get('viewer')) return c.redirect('/', 303);
  return renderPage(c, 'Sign up', <SignUpForm />);
});

accountPages.post('/sign-up', async (c) => {
  const ctx = c.get('ctx');
  const values = await readForm(c);
  const kept = { handle: values.handle ?? '', email: values.email ?? '', displayName: values.displayName ?? '' };
  try {
    const wait = ctx.limiter.consume(`sign-up:ip:${clientIp(c, ctx.config.trustProxy)}`, rateRules.signUpPerIp);
    if (wait)
      throw new AppError('too_many_requests', 'Too many accounts were created from your network recently. Please try again later.', {
        retryAfter: wait,
      });
    const account = await createAccount(ctx, { ...kept, password: values.password ?? '' });
    await startSession(c, account);
    setFlash(c, {
      kind: 'success',
      message: `Welcome, ${account.displayName}! We sent a link to ${account.email} to confirm your address.`,
    });
    return c.redirect('/', 303);
  } catch (error) {
    const f = formFailure(error);
    if (f.retryAfter) c.header('Retry-After', String(f.retryAfter));
    return renderPage(c, 'Sign up', <SignUpForm values={kept} fields={f.fields} message={f.message} />, { status: f.status });
  }
});

accountPages.get('/sign-in', async (c) => {
  const next = safeNext(c.req.query('next'));
  if (c.get('viewer')) return c.redirect(next, 303);
  return renderPage(c, 'Sign in', <SignInForm next={next} />);
});

accountPages.post('/sign-in', async (c) => {
  const ctx = c.get('ctx');
  const values = await readForm(c);
  const next = safeNext(values.next);
  try {
    const account = await authenticate(ctx, values.login ?? '', values.password ?? '', clientIp(c, ctx.config.trustProxy));
    await startSession(c, account);
    return c.redirect(next, 303);
  } catch (error) {
    const f = formFailure(error);
    if (f.retryAfter) c.header('Retry-After', String(f.retryAfter));
    return renderPage(c, 'Sign in', <SignInForm next={next} values={{ login: values.login ?? '' }} message={f.message} />, {
      status: f.status,
    });
  }
});

accountPages.get('/sign-out', async (c) => {
  if (!c.get('viewer')) return c.redirect('/', 303);
  return renderPage(c, 'Sign out', <SignOutConfirm />);
});

accountPages.post('/sign-out', async (c) => {
  await endSession(c);
  setFlash(c, { kind: 'info', message: 'You are signed out.' });
  return c.redirect('/', 303);
});

accountPages.get('/verify-email/:token', async (c) => {
  const ok = await verifyEmail(c.get('ctx'), c.req.param('token'));
  if (!ok) {
    return renderPage(
      c,
      'Link not valid',
      <LinkProblem
        title="This link is not valid any more"
        text="It may have been used already or be more than a day old. Sign in and ask for a new one from your settings."
      />,
      { status: 404 },
    );
  }
  setFlash(c, { kind: 'success', message: 'Thank you: your email address is confirmed.' });
  return c.redirect(c.get('viewer') ? '/' : '/sign-in', 303);
});

accountPages.get('/confirm-email/:token', async (c) => {
  const ok = await confirmEmailChange(c.get('ctx'), c.req.param('token'));
  if (!ok) {
    return renderPage(
      c,
      'Link not valid',
      <LinkProblem
        title="This link is not valid any more"
        text="It may have been used already or be more than a day old. You can ask for a new one in your settings."
      />,
      { status: 404 },
    );
  }
  setFlash(c, { kind: 'success', message: 'Your new email address is confirmed.' });
  return c.redirect(c.get('viewer') ? '/settings' : '/sign-in', 303);
});

accountPages.get('/forgot-password', (c) => renderPage(c, 'Reset your password', <ForgotPasswordForm />));

accountPages.post('/forgot-password', async (c) => {
  const ctx = c.get('ctx');
  const values = await readForm(c);
  try {
    await requestPasswordReset(ctx, values.email ?? '', clientIp(c, ctx.config.trustProxy));
  } catch (error) {
    const f = formFailure(error);
    if (f.retryAfter) c.header('Retry-After', String(f.retryAfter));
    return renderPage(
      c,
      'Reset your password',
      <ForgotPasswordForm values={{ email: values.email ?? '' }} fields={f.fields} message={f.message} />,
      { status: f.status },
    );
  }
  setFlash(c, { kind: 'info', message: 'If an account uses that address, a reset link is on its way. It works for one hour.' });
  return c.redirect('/sign-in', 303);
});

accountPages.get('/reset-password/:token', async (c) => {
  const token = c.req.param('token');
  if (!(await consumeEmailToken(c.get('ctx'), token, 'reset-password', { peek: true }))) {
    return renderPage(
      c,
      'Link not valid',
      <LinkProblem
        title="This reset link is not valid any more"
        text="Reset links work once, for one hour. Ask for a new one from the sign-in page."
      />,
      { status: 404 },
    );
  }
  return renderPage(c, 'Choose a new password', <ResetPasswordForm token={token} />);
});

accountPages.post('/reset-password/:token', async (c) => {
  const ctx = c.get('ctx');
  const token = c.req.param('token');
  const values = await readForm(c);
  try {
    const account = await resetPassword(ctx, token, values.password ?? '');
    await startSession(c, account);
    setFlash(c, { kind: 'success', message: 'Your password is changed, and you are signed in. Other sessions were signed out.' });
    return c.redirect('/', 303);
  } catch (error) {
    const f = formFailure(error);
    if (f.status === 404) {
      return renderPage(c, 'Link not valid', <LinkProblem title="This reset link is not valid any more" text={f.message} />, {
        status: 404,
      });
    }
    return renderPage(c, 'Choose a new password', <ResetPasswordForm token={token} fields={f.fields} message={f.message} />, {
      status: f.status,
    });
  }
});
