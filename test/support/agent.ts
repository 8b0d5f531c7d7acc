import type { Hono } from 'hono';
import type { AppEnv } from '../../src/ui/env.ts';

const ORIGIN = 'http://localhost:3000';
let agents = 0;

/** A cookie-keeping client for in-process page tests: posts forms the way a browser does. */
export class Agent {
  readonly app: Hono<AppEnv>;
  readonly cookies = new Map<string, string>();
  token: string | undefined;
  /** Each agent comes from its own address (the harness trusts X-Forwarded-For), so per-IP limits stay apart. */
  readonly ip: string;

  constructor(app: Hono<AppEnv>, ip = `203.0.113.${++agents % 250}`) {
    this.app = app;
    this.ip = ip;
  }

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    headers.set('x-forwarded-for', this.ip);
    if (this.token) headers.set('authorization', `Bearer ${this.token}`);
    if (init.method && init.method !== 'GET' && !headers.has('origin')) headers.set('origin', ORIGIN);
    const res = await this.app.request(`${ORIGIN}${path}`, { ...init, headers });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      const expired = attrs.some((a) => /max-age=0/i.test(a.trim())) || value === '';
      if (expired) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
    return res;
  }

  get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.request(path, { headers });
  }

  /** Submits a form (urlencoded), as a browser does. */
  post(path: string, form: Record<string, string> = {}, headers: Record<string, string> = {}): Promise<Response> {
    return this.request(path, {
      method: 'POST',
      body: new URLSearchParams(form).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    });
  }

  /** Signs in for the API: takes a token as the given member and sends it from now on. */
  async signIn(login: string, password: string): Promise<void> {
    const res = await this.api('POST', '/tokens', { login, password });
    if (res.status !== 201) throw new Error(`sign-in as ${login} failed: ${res.status} ${await res.text()}`);
    this.token = ((await res.json()) as { token: string }).token;
  }

  /** Calls the JSON API. */
  api(method: string, path: string, body?: unknown): Promise<Response> {
    return this.request(`/api/v1${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
  }
}
