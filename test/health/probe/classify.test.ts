/** Socket, DNS and TLS error codes map to the failure reasons operators read. */
import { classifyError } from '../../../lambdas/health/probe/classify';

const err = (code: string, message = `boom ${code}`) => Object.assign(new Error(message), { code });

describe('classifyError', () => {
  it.each([
    ['ECONNREFUSED', 'refused'],
    ['ECONNRESET', 'reset'],
    ['EPIPE', 'reset'],
    ['ENOTFOUND', 'dns'],
    ['EAI_AGAIN', 'dns'],
    ['EHOSTUNREACH', 'unreachable'],
    ['ENETUNREACH', 'unreachable'],
    ['ETIMEDOUT', 'timeout'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'tls'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls'],
    ['CERT_HAS_EXPIRED', 'tls'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'tls'],
    ['EPROTO', 'tls'],
    ['EWHATEVER', 'error'],
  ])('%s → %s', (code, reason) => {
    expect(classifyError(err(code)).reason).toBe(reason);
  });

  it('keeps the message and adds the code when the message lacks it', () => {
    expect(classifyError(err('CERT_HAS_EXPIRED', 'certificate has expired')).detail).toBe('CERT_HAS_EXPIRED: certificate has expired');
    expect(classifyError(err('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1')).detail).toBe('connect ECONNREFUSED 127.0.0.1:1');
    expect(classifyError('odd')).toEqual({ reason: 'error', detail: 'odd' });
  });
});
