/**
 * Who may change things. Behind API Gateway the mutating routes carry IAM authorization, which API
 * Gateway has already enforced, so the app trusts it and records the caller's ARN. Locally there is
 * no IAM: a random bearer token generated at start guards them instead.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from './errors';
import type { Actor } from './ports';

export type AuthMode =
  /** Running behind API Gateway with IAM authorization on the mutating routes. */
  | { readonly kind: 'iam' }
  /** Local mode: `Authorization: Bearer <token>`. */
  | { readonly kind: 'bearer'; readonly token: string };

export type AuthEnv = { Variables: { actor: Actor } };

/** A fresh local token: 32 random bytes, URL-safe. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Compares digests so the time taken depends on neither the length nor the content of the secret.
 */
export function tokensMatch(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The caller's ARN from a REST API (v1) or HTTP API (v2) IAM-authorized event, if present. */
export function iamCaller(event: unknown): string | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const ctx = (event as { requestContext?: Record<string, unknown> }).requestContext;
  if (typeof ctx !== 'object' || ctx === null) return undefined;
  const identity = ctx.identity as { userArn?: unknown } | undefined;
  if (typeof identity?.userArn === 'string') return identity.userArn;
  const iam = (ctx.authorizer as { iam?: { userArn?: unknown } } | undefined)?.iam;
  if (typeof iam?.userArn === 'string') return iam.userArn;
  return undefined;
}

export function requireOperator(mode: AuthMode): MiddlewareHandler<AuthEnv & { Bindings: { event?: unknown } }> {
  return async (c, next) => {
    if (mode.kind === 'iam') {
      c.set('actor', iamCaller(c.env?.event) ?? 'iam:unknown');
      return next();
    }
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) {
      throw new ApiError(401, 'unauthorized', 'missing bearer token: send "Authorization: Bearer <token>" (local mode prints the token at start and writes it to .emulators/local-api.json)');
    }
    if (!tokensMatch(match[1], mode.token)) {
      throw new ApiError(401, 'unauthorized', 'bearer token does not match the one this local API printed at start');
    }
    c.set('actor', 'local-operator');
    return next();
  };
}
