import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { type Algorithm, hash, verify } from '@node-rs/argon2';

/** Algorithm.Argon2id (a const enum the compiler cannot inline across packages). */
const ARGON2ID = 2 as Algorithm;

/**
 * Secrets: password hashing (Argon2id, OWASP 2023 minimum: 19 MiB, 2 passes, 1 lane), and the random
 * tokens behind sessions and API keys, which are stored only as SHA-256 digests (a 256-bit random token
 * needs no slow hash: it cannot be guessed, only stolen, and the digest is useless to a thief).
 */
export const PASSWORD_PARAMS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, { ...PASSWORD_PARAMS, algorithm: ARGON2ID });
}

/** A hash of a password nobody has, verified when the account does not exist so timing tells nothing. */
let decoy: Promise<string> | null = null;

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (stored === null) {
    decoy ??= hashPassword(randomBytes(16).toString('hex'));
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** Whether a stored hash was made with weaker parameters (or another algorithm) than today's. */
export function needsRehash(stored: string): boolean {
  const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(stored);
  if (!m) return true;
  return (
    Number(m[1]) < PASSWORD_PARAMS.memoryCost ||
    Number(m[2]) < PASSWORD_PARAMS.timeCost ||
    Number(m[3]) !== PASSWORD_PARAMS.parallelism
  );
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A 256-bit random token, base64url. */
export const newToken = () => randomBytes(32).toString('base64url');

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * API keys look like `ck_<prefix>_<secret>`: the 12-character prefix finds the row (and is shown in
 * listings so people can tell keys apart), the 43-character secret is checked against its stored digest.
 */
const KEY_RE = /^ck_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export function newApiKey(): { prefix: string; secret: string; key: string } {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(12);
  const prefix = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  const secret = newToken();
  return { prefix, secret, key: `ck_${prefix}_${secret}` };
}

export function parseApiKey(key: string): { prefix: string; secret: string } | null {
  const m = KEY_RE.exec(key);
  return m ? { prefix: m[1]!, secret: m[2]! } : null;
}
