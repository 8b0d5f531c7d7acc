import { formatDay } from '../ui/dates.ts';
import type { Standing } from './schedule.ts';

/** Small pieces shared by the programme pages: dates, standing words, the progress bar. */

/** The last day of a week that ends (exclusive) at `dueAt`. */
export const lastDay = (dueAt: string) => formatDay(new Date(Date.parse(dueAt) - 86_400_000).toISOString());

export function standingText(s: Pick<Standing, 'status' | 'weeksBehind'>): string {
  switch (s.status) {
    case 'finished':
      return 'Finished — every required Thing is done';
    case 'behind':
      return `${s.weeksBehind} ${s.weeksBehind === 1 ? 'week' : 'weeks'} behind`;
    case 'ahead':
      return 'Ahead of schedule';
    case 'not-started':
      return 'Not started yet — nothing is due';
    default:
      return 'On track';
  }
}

export function ProgressBar({ done, total, label }: { done: number; total: number; label: string }) {
  return (
    <p class="progress-line">
      <label>
        {label}: {done} of {total} required Things
        <progress value={done} max={Math.max(total, 1)}>
          {done} of {total}
        </progress>
      </label>
    </p>
  );
}
