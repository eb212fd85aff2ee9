/**
 * Watches what a name server answers for one name, as fast as it can ask (real UDP queries), and
 * keeps every change with the time it was first seen on the given clock.
 */
import type { Clock } from '../../lambdas/platform/clock';
import { answerData, queryDns } from '../../local/route53/dns-client';

export interface AnswerChange {
  /** On the watch's clock. */
  readonly atMs: number;
  readonly value: string;
}

export interface AnswerWatch {
  /** The last answer seen ('' = none yet). */
  readonly current: string;
  readonly changes: readonly AnswerChange[];
  stop(): Promise<void>;
}

export function watchAnswer(options: { readonly port: number; readonly name: string; readonly type: 'CNAME' | 'A' | 'AAAA'; readonly clock: Clock; readonly pollMs: number }): AnswerWatch {
  const changes: AnswerChange[] = [];
  let current = '';
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const askedAt = options.clock.monotonicMs();
      try {
        const value = answerData(await queryDns({ port: options.port, name: options.name, type: options.type, timeoutMs: 1000 }), options.type).join(' ');
        if (value !== current) {
          // Half the round trip: the answer changed somewhere between asking and hearing back.
          changes.push({ atMs: (askedAt + options.clock.monotonicMs()) / 2, value });
          current = value;
        }
      } catch {
        // A lost datagram on a loaded machine: ask again.
      }
      await new Promise((r) => setTimeout(r, options.pollMs));
    }
  })();
  return {
    get current() {
      return current;
    },
    changes,
    async stop() {
      stopped = true;
      await loop;
    },
  };
}
