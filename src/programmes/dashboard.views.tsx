import type { ProgrammeSummary } from './dashboard.ts';
import type { Account } from '../viewer.ts';
import { Card, Time } from '../ui/components.tsx';
import { ProgressBar, standingText } from './parts.views.tsx';

/** The dashboard card: standing, next Thing and a progress bar per programme. */
export function YourProgrammes({ items }: { items: readonly ProgrammeSummary[] }) {
  if (items.length === 0) {
    return (
      <p>
        You are not enrolled in a programme yet. <a href="/programmes">See the programmes</a>.
      </p>
    );
  }
  return (
    <ul class="plain-list">
      {items.map((p) => (
        <li class="programme-summary">
          <h3 class="list-title">
            <a href={`/programmes/${p.slug}`}>{p.title}</a>
          </h3>
          <p>
            <strong>{standingText(p.progress)}</strong>
            {p.progress.due.length > 0 && ` — ${p.progress.due.length} past due; your programme page has a catch-up plan.`}
          </p>
          <ProgressBar done={p.progress.requiredDone} total={p.progress.requiredTotal} label={`Progress in ${p.title}`} />
          {p.next && (
            <p>
              Next:{' '}
              <a href={`/programmes/${p.slug}/things/${p.next.number}`}>
                Thing {p.next.number}: {p.next.title}
              </a>
            </p>
          )}
          {p.posts.length > 0 && (
            <>
              <h4>Your latest posts for it</h4>
              <ul>
                {p.posts.map((post) => (
                  <li>
                    {post.external ? (
                      <>
                        {post.title} (Thing {post.thing}, <Time iso={post.at} />) ·{' '}
                        <a href={post.url} rel="nofollow ugc noopener">
                          Read on your blog<span class="visually-hidden">: {post.title}</span>
                        </a>
                      </>
                    ) : (
                      <>
                        <a href={post.url}>{post.title}</a> (Thing {post.thing}, <Time iso={post.at} />)
                      </>
                    )}
                  </li>
                ))}
              </ul>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The front door for visitors. */
export function WelcomePage() {
  return (
    <>
      <h1>Learn together, at your own pace</h1>
      <p class="lead">
        Commonplace is where a professional community runs its development programmes: a Thing a week to try and reflect on, a blog to write
        in (or the one you already have), peers to read and comment on, and a profile you control.
      </p>
      <p>
        <a class="button" href="/sign-up">
          Create an account
        </a>{' '}
        or <a href="/sign-in">sign in</a>.
      </p>
    </>
  );
}

/** The front door for a member: a reminder to confirm her address, and her programmes. */
export function DashboardPage({ viewer, programmes }: { viewer: Account; programmes: readonly ProgrammeSummary[] }) {
  return (
    <>
      <h1>Hello, {viewer.displayName}</h1>
      {!viewer.emailVerified && (
        <p class="notice">
          Please confirm your email address: follow the link we sent to {viewer.email}. No mail?{' '}
          <a href="/settings">Send it again from your settings</a>.
        </p>
      )}
      <Card title="Your programmes">
        <YourProgrammes items={programmes} />
      </Card>
    </>
  );
}
