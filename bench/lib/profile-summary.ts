// Reads a V8 .cpuprofile (from `node --cpu-prof`) and answers where the time went: the functions
// with the most self time, and the share spent in our code, in dependencies and in Node itself.
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileLine {
  readonly fn: string;
  readonly where: string;
  readonly selfMs: number;
  readonly share: number;
}

function place(url: string, line: number): string {
  if (!url) return '(native)';
  const inDeps = /node_modules\/(@[^/]+\/[^/]+|[^/]+)/.exec(url);
  if (inDeps) return `${inDeps[1]}`;
  const ours = /\/(dist\/.*)$/.exec(url);
  return ours ? `${ours[1]}:${line + 1}` : url.replace(/^file:\/\//, '');
}

export function summariseProfile(file: string, top = 15): { totalMs: number; lines: ProfileLine[]; shares: Record<string, number> } {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const totals = new Map<string, { fn: string; where: string; us: number }>();
  const shares: Record<string, number> = { ours: 0, dependencies: 0, node: 0, idle: 0, gc: 0 };
  let total = 0;
  for (const [id, us] of self) {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    total += us;
    if (functionName === '(idle)') shares.idle! += us;
    else if (functionName === '(garbage collector)') shares.gc! += us;
    else if (url.includes('node_modules')) shares.dependencies! += us;
    else if (url.includes('/dist/')) shares.ours! += us;
    else shares.node! += us;
    if (functionName === '(idle)') continue;
    const where = place(url, lineNumber);
    const key = `${functionName}@${where}`;
    const entry = totals.get(key) ?? { fn: functionName || '(anonymous)', where, us: 0 };
    entry.us += us;
    totals.set(key, entry);
  }
  const busy = Math.max(1, total - shares.idle!);
  const lines = [...totals.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, top)
    .map((e) => ({ fn: e.fn, where: e.where, selfMs: Math.round(e.us / 1000), share: Math.round((e.us / busy) * 1000) / 10 }));
  const rounded = Object.fromEntries(
    Object.entries(shares).map(([k, v]) => [k, Math.round((v / (k === 'idle' ? total : busy)) * 1000) / 10]),
  );
  return { totalMs: Math.round(total / 1000), lines, shares: rounded };
}
