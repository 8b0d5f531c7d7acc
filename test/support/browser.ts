import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startServer } from '../../src/main.ts';
import type { OutboxMessage } from '../../src/mail/mailer.ts';

const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Whether the browser journeys can run here. Under CI a missing browser is an error, not a skip. */
export const browserAvailable = fs.existsSync(executablePath);
if (!browserAvailable && process.env.CI === 'true') {
  throw new Error(`CI=true but no Chromium at ${executablePath}: install Debian's chromium or set CHROMIUM_PATH.`);
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/**
 * A real server on a loopback port with its own empty SQLite database and outbox. `env` adds
 * settings (e.g. `FEED_ALLOW_PRIVATE: '127.0.0.1'` to follow a feed served by the test itself);
 * it cannot override where the server listens or keeps its data.
 */
export async function startTestServer(
  options: { env?: Record<string, string> } = {},
): Promise<{ url: string; dataDir: string; stop(): Promise<void>; outbox(): OutboxMessage[] }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'commonplace-browser-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = loadConfig({ LOG_LEVEL: 'warn', ...options.env, PORT: String(port), HOST: '127.0.0.1', BASE_URL: url, DATA_DIR: dataDir });
  const write = process.stdout.write;
  // The seed's welcome banner is for people, not test logs.
  process.stdout.write = (() => true) as typeof process.stdout.write;
  let server;
  try {
    server = await startServer(config);
  } finally {
    process.stdout.write = write;
  }
  const { stop } = server;
  return {
    url,
    dataDir,
    async stop() {
      await stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
    outbox() {
      const dir = path.join(dataDir, 'outbox');
      if (!fs.existsSync(dir)) return [];
      return fs
        .readdirSync(dir)
        .filter((n) => n.endsWith('.json'))
        .map((n) => JSON.parse(fs.readFileSync(path.join(dir, n), 'utf8')) as OutboxMessage)
        .sort((a, b) => (a.id < b.id ? 1 : -1));
    },
  };
}

/** Fails on any serious or critical accessibility violation on the page as it stands. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.passes.length, 'axe ran its rules').toBeGreaterThan(0);
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    `axe violations on ${page.url()}`,
  ).toEqual([]);
}
