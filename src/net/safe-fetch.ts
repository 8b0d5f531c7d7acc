import dns from 'node:dns';
import net from 'node:net';
import ipaddr from 'ipaddr.js';
import type { buildConnector, Dispatcher } from 'undici';
import { lazy } from '../lazy.ts';
import { isAddressAllowed, noAllowance, parseAddressLiteral, parseAllowance, type PrivateAllowance } from './addresses.ts';

const undici = lazy<typeof import('undici')>('undici');

/**
 * The one way Commonplace fetches a URL a person gave it (feeds, autodiscovery, later avatars and
 * federation). It reaches only the public internet: every address a name resolves to is checked and
 * the socket is opened to that checked address (no second lookup to rebind), IP literals in any
 * spelling are checked too, and each redirect hop goes through the same gate.
 */

export type FetchFailureKind = 'refused' | 'invalid' | 'dns' | 'timeout' | 'too-large' | 'redirects' | 'network';

/** A fetch that did not get an answer; `message` is plain and safe to show the person. */
export class FetchFailure extends Error {
  readonly kind: FetchFailureKind;
  constructor(kind: FetchFailureKind, message: string) {
    super(message);
    this.name = 'FetchFailure';
    this.kind = kind;
  }
}

export const PRIVATE_MESSAGE = 'That address is on a private network, so Commonplace will not fetch it.';

/** Thrown inside the connector; unwrapped from undici's "fetch failed" into a FetchFailure. */
class BlockedAddress extends Error {
  constructor(range: string) {
    super(`blocked ${range} address`);
    this.name = 'BlockedAddress';
  }
}

type LookupAll = (hostname: string) => Promise<ReadonlyArray<{ address: string; family: number }>>;

export interface SafeFetcherOptions {
  /** FEED_ALLOW_PRIVATE entries: host names or CIDRs that may be fetched although private. */
  readonly allowPrivate?: readonly string[];
  readonly connectTimeoutMs?: number;
  readonly totalTimeoutMs?: number;
  readonly maxBytes?: number;
  readonly maxRedirects?: number;
  readonly userAgent?: string;
  /** Name resolution (tests inject one; default the system resolver). */
  readonly lookup?: LookupAll;
  /** Sockets kept open per origin (the poller's per-host cap is enforced above this). */
  readonly connectionsPerOrigin?: number;
}

export interface SafeFetchRequest {
  readonly etag?: string | null;
  readonly lastModified?: string | null;
  readonly accept?: string;
  readonly signal?: AbortSignal;
}

export interface SafeFetchResponse {
  readonly status: number;
  /** Where the answer finally came from, after redirects. */
  readonly url: string;
  /** When the chain began with permanent redirects (301/308): the URL to store instead. */
  readonly permanentUrl: string | undefined;
  readonly headers: Headers;
  readonly body: Buffer;
}

export interface SafeFetcher {
  fetch(url: string, request?: SafeFetchRequest): Promise<SafeFetchResponse>;
  close(): Promise<void>;
}

const systemLookup: LookupAll = async (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

function hostOf(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

/** Checks a URL before any connection: scheme, credentials, and an IP literal in any spelling. */
export function checkUrl(raw: string, allowance: PrivateAllowance = noAllowance): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new FetchFailure('invalid', 'That is not a web address. It should start with https:// or http://.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchFailure('invalid', 'Only http and https addresses can be fetched.');
  }
  if (url.username || url.password) {
    throw new FetchFailure('invalid', 'Addresses with a user name or password in them are not fetched.');
  }
  const literal = parseAddressLiteral(hostOf(url.hostname));
  if (literal && !isAddressAllowed(literal, undefined, allowance).allowed) throw new FetchFailure('refused', PRIVATE_MESSAGE);
  if (isLocalhostName(url.hostname) && !allowance.hosts.has(url.hostname.replace(/\.$/, '')))
    throw new FetchFailure('refused', PRIVATE_MESSAGE);
  return url;
}

/** `localhost` and `*.localhost` always mean this machine (RFC 6761): refused without asking DNS. */
function isLocalhostName(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  return h === 'localhost' || h.endsWith('.localhost');
}

/**
 * A connector that resolves once, refuses any non-public address (and literal), and hands the
 * checked addresses to the socket so the connection goes exactly there.
 */
function guardedConnector(allowance: PrivateAllowance, lookupAll: LookupAll, timeout: number): buildConnector.connector {
  const lookup: net.LookupFunction = (hostname, options, callback) => {
    lookupAll(hostname).then(
      (addresses) => {
        if (addresses.length === 0) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '', 4);
        for (const a of addresses) {
          // An answer we cannot read as an address (a zone id, garbage) is refused, not trusted.
          const address = ipaddr.isValid(a.address) ? ipaddr.parse(a.address) : undefined;
          const verdict = address ? isAddressAllowed(address, hostname, allowance) : { allowed: false as const, range: 'unreadable' };
          if (!verdict.allowed) return callback(new BlockedAddress(verdict.range), '', 4);
        }
        const wanted = options.family === 6 || options.family === 4 ? addresses.filter((a) => a.family === options.family) : addresses;
        if (options.all) return (callback as unknown as (e: null, list: typeof addresses) => void)(null, wanted);
        const first = wanted[0] ?? addresses[0]!;
        callback(null, first.address, first.family);
      },
      (error: Error) => callback(error, '', 4),
    );
  };
  const base = undici().buildConnector({ timeout, lookup });
  return (options, callback) => {
    const host = hostOf(options.hostname);
    if (isLocalhostName(host) && !allowance.hosts.has(host.toLowerCase().replace(/\.$/, '')))
      return callback(new BlockedAddress('loopback'), null);
    if (net.isIP(host)) {
      const verdict = isAddressAllowed(ipaddr.parse(host), undefined, allowance);
      if (!verdict.allowed) return callback(new BlockedAddress(verdict.range), null);
    }
    base(options, callback);
  };
}

function causes(error: unknown): unknown[] {
  const out: unknown[] = [];
  let e: unknown = error;
  for (let i = 0; e && i < 6; i++) {
    out.push(e);
    if (e instanceof AggregateError) out.push(...e.errors);
    e = (e as { cause?: unknown }).cause;
  }
  return out;
}

/** Turns whatever the network threw into a plain FetchFailure. */
function explain(error: unknown, url: URL, timedOut: boolean): FetchFailure {
  if (error instanceof FetchFailure) return error;
  const chain = causes(error);
  if (chain.some((e) => e instanceof BlockedAddress)) return new FetchFailure('refused', PRIVATE_MESSAGE);
  if (
    timedOut ||
    chain.some((e) => (e as { name?: string }).name === 'TimeoutError' || (e as { code?: string }).code === 'UND_ERR_CONNECT_TIMEOUT')
  ) {
    return new FetchFailure('timeout', `${url.host} took too long to answer.`);
  }
  const code = chain.map((e) => (e as { code?: string }).code).find(Boolean);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ENODATA')
    return new FetchFailure('dns', `No site answers to the name ${url.hostname}.`);
  if (code === 'ECONNREFUSED') return new FetchFailure('network', `${url.host} refused the connection.`);
  if (code && /CERT|SSL|TLS/i.test(code)) return new FetchFailure('network', `${url.host} did not offer a valid secure connection.`);
  return new FetchFailure('network', `Could not reach ${url.host}.`);
}

async function readCapped(res: Response, maxBytes: number, url: URL): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length'));
  const tooLarge = () =>
    new FetchFailure('too-large', `The answer from ${url.host} is larger than ${Math.round(maxBytes / 1024 / 1024)} MB.`);
  // Content-Length is of the compressed body; it is only a first cut, the stream count decides.
  if (Number.isFinite(declared) && declared > maxBytes && !res.headers.get('content-encoding')) {
    await res.body?.cancel();
    throw tooLarge();
  }
  if (!res.body) return Buffer.alloc(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export function createSafeFetcher(options: SafeFetcherOptions = {}): SafeFetcher {
  const allowance = parseAllowance(options.allowPrivate ?? []);
  const connectTimeout = options.connectTimeoutMs ?? 5_000;
  const totalTimeout = options.totalTimeoutMs ?? 20_000;
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  const maxRedirects = options.maxRedirects ?? 5;
  const userAgent = options.userAgent ?? 'Commonplace feed reader (+https://commonplace.invalid/about/feeds)';
  const dispatcher: Dispatcher = new (undici().Agent)({
    connect: guardedConnector(allowance, options.lookup ?? systemLookup, connectTimeout),
    connections: options.connectionsPerOrigin ?? 4,
    headersTimeout: totalTimeout,
    bodyTimeout: totalTimeout,
  });

  return {
    async fetch(raw, request = {}) {
      let url = checkUrl(raw, allowance);
      // Not AbortSignal.timeout: its timer keeps the signal, and with it undici's whole request and
      // response, alive for the full timeout after the answer came (150 MB over a 10,000-feed cycle).
      const deadline = new AbortController();
      const timer = setTimeout(() => deadline.abort(new DOMException('The fetch took too long.', 'TimeoutError')), totalTimeout);
      const signal = request.signal ? AbortSignal.any([deadline.signal, request.signal]) : deadline.signal;
      let permanentUrl: string | undefined;
      let permanentRun = true;
      try {
        for (let hop = 0; ; hop++) {
          const headers: Record<string, string> = {
            'user-agent': userAgent,
            accept:
              request.accept ??
              'application/atom+xml, application/rss+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5',
          };
          // Validators belong to the URL they came from, which a redirect may change; sent every hop anyway, as servers ignore unknown ones.
          if (request.etag) headers['if-none-match'] = request.etag;
          if (request.lastModified) headers['if-modified-since'] = request.lastModified;
          let res: Response;
          try {
            res = (await undici().fetch(url, { headers, redirect: 'manual', signal, dispatcher } as Parameters<
              typeof import('undici').fetch
            >[1])) as unknown as Response;
          } catch (error) {
            throw explain(error, url, deadline.signal.aborted);
          }
          const location = res.headers.get('location');
          if (REDIRECTS.has(res.status) && location) {
            await res.body?.cancel().catch(() => undefined);
            if (hop >= maxRedirects) throw new FetchFailure('redirects', `${url.host} redirected more than ${maxRedirects} times.`);
            let next: URL;
            try {
              next = checkUrl(new URL(location, url).href, allowance);
            } catch (error) {
              if (error instanceof FetchFailure && error.kind === 'invalid')
                throw new FetchFailure('invalid', `${url.host} redirected to an address that cannot be fetched.`);
              throw error;
            }
            if (permanentRun && (res.status === 301 || res.status === 308)) permanentUrl = next.href;
            else permanentRun = false;
            url = next;
            continue;
          }
          let body: Buffer;
          try {
            body = await readCapped(res, maxBytes, url);
          } catch (error) {
            throw explain(error, url, deadline.signal.aborted);
          }
          return { status: res.status, url: url.href, permanentUrl, headers: res.headers, body };
        }
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => dispatcher.close(),
  };
}
