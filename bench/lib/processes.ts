import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..', '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Resident memory of a process in MB, from /proc (Linux): now (VmRSS) or its peak so far (VmHWM). */
export function residentMb(pid: number | 'self', which: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`${which}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return Math.round((kb / 1024) * 10) / 10;
}

export interface RunningServer {
  readonly url: string;
  readonly child: ChildProcess;
  /** Milliseconds from spawn to the first 200 from /healthz. */
  readonly startMs: number;
  stop(): Promise<void>;
}

/** The Node flags `npm start` gives the server (package.json "start": "node <flags> dist/src/main.js"). */
export function startFlags(): string[] {
  const scripts =
    (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
  const flags = /^node\s+(.*?)\s*dist\/src\/main\.js/.exec(scripts.start ?? '')?.[1] ?? '';
  return flags.split(/\s+/).filter(Boolean);
}

/** Starts the built Commonplace as `npm start` would (same Node flags) and waits until /healthz answers 200. */
export async function startCommonplace(env: Record<string, string>, nodeArgs: readonly string[] = []): Promise<RunningServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, [...startFlags(), ...nodeArgs, path.join(root, 'dist', 'src', 'main.js')], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', BASE_URL: url, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Commonplace exited while starting: ${stderr}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('Commonplace did not answer /healthz within 30 s');
    await new Promise((r) => setTimeout(r, 5));
  }
  const startMs = Math.round(performance.now() - started);
  return { url, child, startMs, stop: () => stopChild(child) };
}

export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

/** Starts the bare node:http baseline answering `captured` (a JSON file path). */
export async function startBaseline(capturedFile: string): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [path.join(root, 'bench', 'lib', 'baseline-server.ts'), capturedFile], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /ready (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`baseline server exited (${code})`)));
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => stopChild(child) };
}

/** Runs a Node script to the end and answers its stdout; throws with its stderr when it fails. */
export async function runNode(
  args: readonly string[],
  env: Record<string, string>,
  options: { showStderr?: boolean } = {},
): Promise<string> {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', options.showStderr ? 'inherit' : 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (err += d));
  const code = await new Promise((resolve) => child.once('exit', resolve));
  if (code !== 0)
    throw new Error(`node ${args.map((a) => path.basename(a)).join(' ')} failed (${code}): ${(err || out).trim().slice(-2000)}`);
  return out;
}
