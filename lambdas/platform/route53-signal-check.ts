/**
 * How Route 53 probes the signal endpoint in `health-signal` mode. The DNS stack builds its health
 * checks with these values unless told otherwise (lib/constructs/failover-dns.ts); the history
 * uses them to say when traffic moved: Route 53 notices a flip after at most interval × threshold.
 */
export const ROUTE53_SIGNAL_CHECK = {
  /** Seconds between probes of each signal endpoint (10 = fast checks). */
  requestIntervalSeconds: 10,
  /** Consecutive failures before a check turns unhealthy. */
  failureThreshold: 2,
} as const;

export interface SignalCheckTiming {
  readonly requestIntervalSeconds: number;
  readonly failureThreshold: number;
}
