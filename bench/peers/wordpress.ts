// The WordPress peer: Debian's packaged WordPress behind nginx and a PHP-FPM pool of our own,
// against the local MariaDB, all in one throw-away directory and database per run.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, stopChild } from '../lib/processes.ts';
import type { PeerContent } from './content.ts';

const here = import.meta.dirname;
const wordpressFiles = '/usr/share/wordpress';
/** Fixed names, so a run that died is cleaned up by the next one. */
const dirPrefix = 'commonplace-peers-';
const dbName = 'commonplace_peers_wp';
const dbUser = 'commonplace_peers';
/** The only files of Debian's WordPress that resolve paths from their own place: copied, not linked. */
const copiedEntries = ['index.php', 'wp-blog-header.php', 'wp-load.php'];

export interface WordPressSite {
  readonly origin: string;
  readonly postPath: string;
  readonly frontPath: string;
  readonly version: string;
  readonly theme: string;
  readonly phpVersion: string;
  readonly nginxVersion: string;
  readonly fpmChildren: number;
  readonly nginxWorkers: number;
  /** opcache figures as the pool sees them (asked through PHP-FPM). */
  opcache(): Promise<Record<string, unknown>>;
  /** Resolves once PHP-FPM has worked through every request queued before this call. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

type Log = (text: string) => void;

function installed(pkg: string): boolean {
  try {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format syntax
    return execFileSync('dpkg-query', ['-W', '-f=${Status}', pkg], { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .includes('install ok installed');
  } catch {
    return false;
  }
}

/** Installs the Debian packages that are missing (as root, with apt-get). */
export function ensurePackages(packages: readonly string[], log: Log): void {
  const missing = packages.filter((p) => !installed(p));
  if (missing.length === 0) return;
  log(`  installing ${missing.join(' ')} from Debian's packages…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => execFileSync('apt-get', ['install', '-y', '-q', ...missing], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    install();
  } catch {
    // A fresh machine may have no package lists yet.
    execFileSync('apt-get', ['update', '-q'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    install();
  }
}

function sql(statement: string, database?: string): string {
  const args = ['-NB', ...(database ? [database] : []), '-e', statement];
  return execFileSync('mariadb', args, { stdio: ['ignore', 'pipe', 'pipe'] })
    .toString()
    .trim();
}

/**
 * Makes sure MariaDB answers root over its socket: installs it where missing and starts it where
 * it is installed but not running. Returns the socket, and how to undo a start we made.
 */
export function ensureMariaDb(log: Log): { socket: string; version: string; stopIfStarted(): void } {
  const answers = () => {
    try {
      return sql('select @@socket');
    } catch {
      return null;
    }
  };
  let socket = answers();
  let started = false;
  if (socket === null) {
    ensurePackages(['mariadb-server'], log);
    socket = answers();
  }
  if (socket === null) {
    log('  starting MariaDB (installed but not answering)…');
    execFileSync('service', ['mariadb', 'start'], { stdio: ['ignore', 'ignore', 'inherit'] });
    started = true;
    socket = answers();
    if (socket === null) throw new Error('MariaDB does not answer root over its socket');
  }
  return {
    socket,
    version: sql('select version()'),
    stopIfStarted: () => {
      if (started) execFileSync('service', ['mariadb', 'stop'], { stdio: 'ignore' });
    },
  };
}

function alive(pid: number, marker: string): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
  } catch {
    return false;
  }
}

function readPid(file: string): number {
  try {
    return Number(fs.readFileSync(file, 'utf8').trim());
  } catch {
    return 0;
  }
}

/** Removes what an earlier run left behind: its nginx and PHP-FPM (by their pid files), files, database. */
export function cleanLeftovers(log: Log): void {
  for (const name of fs.readdirSync(os.tmpdir())) {
    if (!name.startsWith(dirPrefix)) continue;
    const dir = path.join(os.tmpdir(), name);
    for (const pidFile of ['nginx.pid', 'php-fpm.pid']) {
      const pid = readPid(path.join(dir, pidFile));
      // Only a master whose command line names this run's directory is ours to end.
      if (pid > 0 && alive(pid, dir)) {
        log(`  stopping a leftover ${pidFile.replace('.pid', '')} (${pid})`);
        process.kill(pid, 'SIGTERM');
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
  dropDatabase();
}

function dropDatabase(): void {
  try {
    sql(`drop database if exists ${dbName}; drop user if exists '${dbUser}'@'localhost'`);
  } catch {
    // MariaDB is not there yet: nothing of ours in it either.
  }
}

function fill(template: string, values: Record<string, string | number>): string {
  return fs.readFileSync(path.join(here, template), 'utf8').replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    if (!(key in values)) throw new Error(`${template}: no value for {{${key}}}`);
    return String(values[key]);
  });
}

function wwwData(): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', 'www-data']).toString());
  const gid = Number(execFileSync('id', ['-g', 'www-data']).toString());
  return { uid, gid };
}

/** A docroot of Debian's files (linked) with our own wp-config.php and wp-content. */
function makeDocroot(dir: string, values: Record<string, string | number>): string {
  const docroot = path.join(dir, 'wordpress');
  fs.mkdirSync(docroot);
  for (const entry of fs.readdirSync(wordpressFiles)) {
    if (entry === 'wp-config.php' || entry === 'wp-content') continue;
    const from = path.join(wordpressFiles, entry);
    if (copiedEntries.includes(entry)) fs.copyFileSync(from, path.join(docroot, entry));
    else fs.symlinkSync(from, path.join(docroot, entry));
  }
  const content = path.join(docroot, 'wp-content');
  fs.mkdirSync(content);
  fs.symlinkSync(path.join(wordpressFiles, 'wp-content', 'themes'), path.join(content, 'themes'));
  // An empty plugins folder: no caching plugin, nor any other.
  fs.mkdirSync(path.join(content, 'plugins'));
  fs.mkdirSync(path.join(content, 'uploads'));
  fs.copyFileSync(path.join(here, 'opcache-status.php'), path.join(docroot, 'peers-opcache-status.php'));
  const config = path.join(docroot, 'wp-config.php');
  fs.writeFileSync(config, fill('wp-config.php.template', values), { mode: 0o640 });
  // The pool runs as www-data and must read the config (which holds the throw-away password).
  fs.chownSync(config, 0, wwwData().gid);
  return docroot;
}

function phpFpmBinary(): string {
  const name = fs.readdirSync('/usr/sbin').find((n) => /^php-fpm\d+\.\d+$/.test(n));
  if (!name) throw new Error('no php-fpm in /usr/sbin after installing php-fpm');
  return path.join('/usr/sbin', name);
}

function spawnLogged(command: string, args: string[]): { child: ChildProcess; output(): string } {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return { child, output: () => out };
}

async function waitFor(what: string, ready: () => Promise<boolean> | boolean, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited (${child.exitCode}): ${output()}`);
    if (await ready()) return;
    if (Date.now() > deadline) throw new Error(`${what} did not get ready within 20 s: ${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Sets up and starts the whole WordPress stack with `content` loaded. */
export async function startWordPress(content: PeerContent, socket: string, log: Log): Promise<WordPressSite> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), dirPrefix));
  // nginx workers and the pool run as www-data: they must reach the socket and the docroot.
  fs.chmodSync(dir, 0o755);
  const children: ChildProcess[] = [];
  const stop = async () => {
    for (const child of children.reverse()) await stopChild(child);
    dropDatabase();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const dbPassword = randomBytes(18).toString('hex');
    const salts = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`salt${i + 1}`, randomBytes(32).toString('hex')]));
    const cpus = os.cpus().length;
    const fpmChildren = Number(process.env.PEERS_FPM_CHILDREN ?? cpus * 4);
    const nginxWorkers = cpus;
    const values = {
      dir,
      port,
      origin,
      dbName,
      dbUser,
      dbPassword,
      dbSocket: socket,
      children: fpmChildren,
      workers: nginxWorkers,
      ...salts,
    };

    sql(`create database ${dbName} character set utf8mb4 collate utf8mb4_unicode_ci`);
    sql(
      `create user '${dbUser}'@'localhost' identified by '${dbPassword}'; grant all privileges on ${dbName}.* to '${dbUser}'@'localhost'`,
    );
    const docroot = makeDocroot(dir, { ...values });

    log('  installing WordPress and loading the content with its own functions…');
    const contentFile = path.join(dir, 'content.json');
    fs.writeFileSync(contentFile, JSON.stringify(content));
    const setup = execFileSync(
      'php',
      ['-d', 'sendmail_path=/bin/true', '-d', 'display_errors=stderr', path.join(here, 'wp-setup.php'), docroot, contentFile],
      {
        env: { ...process.env, PEERS_ORIGIN: origin },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    ).toString();
    fs.rmSync(contentFile);
    const made = JSON.parse(setup.trim().split('\n').pop()!) as {
      postPath: string;
      frontPath: string;
      comments: number;
      version: string;
      theme: string;
    };
    if (made.comments !== content.comments.length)
      throw new Error(`WordPress counts ${made.comments} comments, not ${content.comments.length}`);

    fs.writeFileSync(path.join(dir, 'php-fpm.conf'), fill('php-fpm.conf.template', values));
    fs.writeFileSync(path.join(dir, 'nginx.conf'), fill('nginx.conf.template', { ...values, docroot }));
    for (const sub of ['client', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) fs.mkdirSync(path.join(dir, 'nginx-temp', sub), { recursive: true });

    // opcache is on in Debian's FPM php.ini already; said again here so the run never depends on it.
    const fpm = spawnLogged(phpFpmBinary(), ['--nodaemonize', '--fpm-config', path.join(dir, 'php-fpm.conf'), '-d', 'opcache.enable=1']);
    children.push(fpm.child);
    await waitFor('php-fpm', () => fs.existsSync(path.join(dir, 'php-fpm.sock')), fpm.child, fpm.output);

    const nginx = spawnLogged('nginx', ['-p', dir, '-e', path.join(dir, 'nginx-error.log'), '-c', path.join(dir, 'nginx.conf')]);
    children.push(nginx.child);
    await waitFor(
      'nginx',
      async () => {
        try {
          return (await fetch(`${origin}/peers-opcache-status.php`)).status === 200;
        } catch {
          return false;
        }
      },
      nginx.child,
      () =>
        `${nginx.output()}${fs.existsSync(path.join(dir, 'nginx-error.log')) ? fs.readFileSync(path.join(dir, 'nginx-error.log'), 'utf8') : ''}`,
    );

    return {
      origin,
      postPath: made.postPath,
      frontPath: made.frontPath,
      version: made.version,
      theme: made.theme,
      phpVersion: execFileSync('php', ['-r', 'echo PHP_VERSION;']).toString(),
      // nginx prints its version on stderr.
      nginxVersion: execFileSync('sh', ['-c', 'nginx -v 2>&1']).toString().replace('nginx version: nginx/', '').trim(),
      fpmChildren,
      nginxWorkers,
      // The pool takes requests in order, so a request made now answers after the backlog.
      settle: async () => {
        await fetch(`${origin}/peers-opcache-status.php`, { signal: AbortSignal.timeout(120_000) });
      },
      opcache: async () => (await (await fetch(`${origin}/peers-opcache-status.php`)).json()) as Record<string, unknown>,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
