import fs from 'node:fs/promises';
import path from 'node:path';
import type { JWK, CryptoKey } from 'jose';
import { lazy } from '../lazy.ts';

const jose = lazy<typeof import('jose')>('jose');

/** The issuer's signing key pair: Ed25519, made at first need and kept in DATA_DIR/keys/ (owner-only). */
export interface IssuerKeys {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  readonly publicJwk: JWK;
}

const cache = new Map<string, Promise<IssuerKeys>>();

export function issuerKeys(dataDir: string): Promise<IssuerKeys> {
  let keys = cache.get(dataDir);
  if (!keys) {
    keys = loadOrCreate(dataDir);
    keys.catch(() => cache.delete(dataDir));
    cache.set(dataDir, keys);
  }
  return keys;
}

async function loadOrCreate(dataDir: string): Promise<IssuerKeys> {
  const file = path.join(dataDir, 'keys', 'credentials-ed25519.jwk.json');
  let privateJwk: JWK;
  try {
    privateJwk = JSON.parse(await fs.readFile(file, 'utf8')) as JWK;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const pair = await jose().generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    privateJwk = await jose().exportJWK(pair.privateKey);
    await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    // 'wx' so two processes starting together never overwrite each other's key.
    try {
      await fs.writeFile(file, JSON.stringify(privateJwk), { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      privateJwk = JSON.parse(await fs.readFile(file, 'utf8')) as JWK;
    }
  }
  const { d: _d, ...publicJwk } = privateJwk;
  const kid = await jose().calculateJwkThumbprint(publicJwk);
  return {
    kid,
    privateKey: (await jose().importJWK({ ...privateJwk, alg: 'EdDSA' }, 'EdDSA')) as CryptoKey,
    publicKey: (await jose().importJWK({ ...publicJwk, alg: 'EdDSA' }, 'EdDSA')) as CryptoKey,
    publicJwk: { ...publicJwk, kid, alg: 'EdDSA', use: 'sig' },
  };
}
