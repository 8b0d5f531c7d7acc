import type { ProgrammeSummary } from './dashboard.ts';
import { Time } from '../ui/components.tsx';
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
