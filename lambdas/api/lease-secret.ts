/**
 * Lease secrets: the proof that a caller of the HTTP lock API is the one that acquired a grant.
 * The fencing token is public (GET /locks/{name} shows it, and fenced writes carry it), so it
 * cannot also be the credential to renew or release. At acquire the API draws 32 random bytes,
 * hands them out once, and stores only their SHA-256 on the lock record (its payload); renew and
 * release must present the secret, compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** What the payload of a lock acquired over HTTP holds: `{"leaseSecretSha256": "<hex>"}`. */
interface HttpLockPayload {
  readonly leaseSecretSha256: string;
}

export const LEASE_SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newLeaseSecret(): string {
  return randomBytes(32).toString('base64url');
}

function digest(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/** The payload to store with a grant acquired with `secret`. */
export function leaseSecretPayload(secret: string): string {
  const payload: HttpLockPayload = { leaseSecretSha256: digest(secret).toString('hex') };
  return JSON.stringify(payload);
}

/** The stored hash, or undefined when the grant was not acquired over HTTP (another holder's payload, or none). */
function storedHash(payload: string | undefined): Buffer | undefined {
  if (payload === undefined) return undefined;
  try {
    const parsed = JSON.parse(payload) as Partial<HttpLockPayload> | null;
    const hex = parsed?.leaseSecretSha256;
    return typeof hex === 'string' && /^[0-9a-f]{64}$/.test(hex) ? Buffer.from(hex, 'hex') : undefined;
  } catch {
    return undefined;
  }
}

export type SecretCheck = 'match' | 'mismatch' | 'not-http';

export function checkLeaseSecret(payload: string | undefined, secret: string): SecretCheck {
  const expected = storedHash(payload);
  if (expected === undefined) return 'not-http';
  return timingSafeEqual(expected, digest(secret)) ? 'match' : 'mismatch';
}
