/**
 * The one configuration model of a failover service. CDK synth, the Lambda handlers and local mode
 * all read a config through `parseConfig`, so a mistake is reported the same way everywhere.
 */
import * as z from 'zod';

/** AWS region names such as `us-east-1` or `ap-southeast-2`; local mode uses the same names. */
/**
 * Cross-field checks run even when another field already failed, so every problem is reported at
 * once; such checks guard the shapes they read.
 */
const ALWAYS = { when: () => true } as const;

export const regionName = z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, { message: 'expected an AWS region name such as us-east-1' });

const hostName = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.-]+$/, { message: 'expected a host name or IP address' });

const dnsName = z
  .string()
  .min(1)
  .max(253)
  .regex(/^(\*\.)?([A-Za-z0-9-]+\.)*[A-Za-z0-9-]+\.?$/, { message: 'expected a DNS name such as api.example.com' });

const statusRange = z
  .object({
    min: z.number().int().min(100).max(599),
    max: z.number().int().min(100).max(599),
  })
  .refine((r) => r.min <= r.max, { message: 'expected min ≤ max' });

const bodyMatch = z.union([
  z.object({ substring: z.string().min(1) }).strict(),
  z
    .object({ regex: z.string().min(1) })
    .strict()
    .refine((m) => isValidRegex(m.regex), { message: 'expected a valid regular expression' }),
]);

function isValidRegex(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

/**
 * Where a secret header value is kept: an SSM SecureString parameter or a Secrets Manager secret
 * (optionally one key of a JSON secret), read by the checker at start in its own region. Only the
 * reference travels in the function environment and the template.
 */
export const secretRefSchema = z.union([
  z.object({ ssmParameter: z.string().regex(/^\/?[A-Za-z0-9_.\-/]{1,1011}$/, { message: 'expected an SSM parameter name such as /shop/health-token' }) }).strict(),
  z
    .object({
      secretsManager: z.string().regex(/^[A-Za-z0-9/_+=.@-]{1,512}$/, { message: 'expected a Secrets Manager secret name such as shop/health-token' }),
      jsonKey: z.string().min(1).max(256).optional(),
    })
    .strict(),
]);

/** Header names that carry credentials: refused in plain `headers`, so they never sit in plaintext. */
export const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'x-api-key', 'x-auth-token'];

/** How one regional endpoint is probed. */
export const healthCheckSchema = z
  .object({
    protocol: z.enum(['HTTP', 'HTTPS', 'TCP']),
    host: hostName,
    port: z.number().int().min(1).max(65535).optional(),
    path: z.string().startsWith('/').default('/health'),
    expectedStatus: statusRange.default({ min: 200, max: 299 }),
    bodyMatch: bodyMatch.optional(),
    /** Only the first this-many bytes of a body are read and matched; a hung body cannot stall a probe. */
    bodyMaxBytes: z.number().int().min(1).max(1_048_576).default(8192),
    timeoutMs: z.number().int().min(100).max(30_000).default(2000),
    /** A slower answer counts as a failure (gray failure); must be below the timeout. */
    latencyLimitMs: z.number().int().min(1).max(30_000).optional(),
    headers: z.record(z.string(), z.string()).default({}),
    /** Headers whose values are secrets: references resolved by the checker at start (see secretRefSchema). */
    secretHeaders: z.record(z.string().min(1), secretRefSchema).optional(),
    /** TLS server name; defaults to host. */
    sni: z.string().min(1).optional(),
    validateCertificate: z.boolean().default(true),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.latencyLimitMs !== undefined && c.latencyLimitMs >= c.timeoutMs) {
      ctx.addIssue({ code: 'custom', path: ['latencyLimitMs'], message: `expected below timeoutMs (${c.timeoutMs})`, input: c.latencyLimitMs });
    }
    if (c.protocol === 'TCP' && c.port === undefined) {
      ctx.addIssue({ code: 'custom', path: ['port'], message: 'TCP checks need a port (HTTP defaults to 80, HTTPS to 443)', input: c.port });
    }
    if (c.protocol === 'TCP' && c.bodyMatch) {
      ctx.addIssue({ code: 'custom', path: ['bodyMatch'], message: 'TCP checks have no body to match', input: c.bodyMatch });
    }
    for (const name of Object.keys(c.headers ?? {})) {
      if (CREDENTIAL_HEADERS.includes(name.toLowerCase())) {
        ctx.addIssue({
          code: 'custom',
          path: ['headers', name],
          message: `a credential must not sit in plaintext in the config, the function environment and the template: move it to secretHeaders as {"ssmParameter": "/name"} (SecureString) or {"secretsManager": "name"}`,
        });
      }
    }
    const plain = new Set(Object.keys(c.headers ?? {}).map((n) => n.toLowerCase()));
    for (const name of Object.keys(c.secretHeaders ?? {})) {
      if (plain.has(name.toLowerCase())) ctx.addIssue({ code: 'custom', path: ['secretHeaders', name], message: 'expected each header once: it is also in headers', input: name });
    }
    if (c.protocol === 'TCP' && c.secretHeaders !== undefined && Object.keys(c.secretHeaders).length > 0) {
      ctx.addIssue({ code: 'custom', path: ['secretHeaders'], message: 'TCP checks send no headers', input: Object.keys(c.secretHeaders) });
    }
  });

export const appRegionSchema = z
  .object({
    region: regionName,
    endpoint: healthCheckSchema,
    /** What the DNS record points at while this region is active (CNAME target); defaults to endpoint.host. */
    recordValue: dnsName.optional(),
  })
  .strict();

export const coordinationSchema = z
  .object({
    /**
     * `single-region`: one table in one region (simple; that region's loss pauses failover decisions).
     * `mrsc`: multi-region strongly consistent global table over exactly 3 regions.
     * Eventually consistent global tables (MREC) are refused: last writer wins breaks mutual exclusion.
     */
    mode: z.string(),
    regions: z.array(regionName).min(1),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.mode === 'single-region' && c.regions.length !== 1) {
      ctx.addIssue({ code: 'custom', path: ['regions'], message: `single-region coordination takes exactly 1 region, got ${c.regions.length}`, input: c.regions });
    } else if (c.mode === 'mrsc' && c.regions.length !== 3) {
      ctx.addIssue({ code: 'custom', path: ['regions'], message: `mrsc coordination takes exactly 3 regions (DynamoDB multi-region strong consistency), got ${c.regions.length}`, input: c.regions });
    } else if (c.mode !== 'single-region' && c.mode !== 'mrsc') {
      const hint = /mrec|global|eventual|replica/i.test(c.mode)
        ? ': an eventually consistent (MREC) global table is last-writer-wins across regions, so two regions could both hold a lock or a leadership; use "mrsc" (3 regions) or "single-region"'
        : '';
      ctx.addIssue({ code: 'custom', path: ['mode'], message: `expected "single-region" or "mrsc"${hint}`, input: c.mode });
    }
    if (new Set(c.regions).size !== c.regions.length) {
      ctx.addIssue({ code: 'custom', path: ['regions'], message: 'expected distinct regions', input: c.regions });
    }
  });

export const dnsSchema = z
  .object({
    hostedZoneName: dnsName,
    /** Use an existing zone instead of creating one. */
    hostedZoneId: z
      .string()
      .regex(/^[A-Z0-9]{1,32}$/, { message: 'expected a hosted zone id such as Z0123456789ABC' })
      .optional(),
    recordName: dnsName,
    recordType: z.enum(['CNAME', 'A', 'AAAA']).default('CNAME'),
    ttl: z.number().int().min(1).max(86_400).default(30),
    /** `health-signal` (default): flips are DynamoDB writes read by Route 53 health checks. `dns-update`: UPSERT records. */
    flipMode: z.enum(['dns-update', 'health-signal']).default('health-signal'),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (typeof d?.hostedZoneName !== 'string' || typeof d.recordName !== 'string') return;
    const zone = d.hostedZoneName.replace(/\.$/, '').toLowerCase();
    const record = d.recordName.replace(/\.$/, '').toLowerCase();
    if (record !== zone && !record.endsWith(`.${zone}`)) {
      ctx.addIssue({ code: 'custom', path: ['recordName'], message: `expected a name inside the hosted zone ${zone}`, input: d.recordName });
    }
  }, ALWAYS);

export const policySchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('active-passive'), priority: z.array(regionName).min(2) }).strict(),
  z.object({ mode: z.literal('active-active'), weights: z.record(regionName, z.number().int().min(1).max(255)) }).strict(),
]);

export const probeSchema = z
  .object({
    intervalSeconds: z.number().int().min(1).max(60).default(5),
    failureThreshold: z.number().int().min(1).max(10).default(3),
    recoveryThreshold: z.number().int().min(1).max(10).default(3),
    /** An observation older than this many intervals does not count towards quorum. */
    staleAfterIntervals: z.number().int().min(2).max(20).default(3),
    concurrency: z.number().int().min(1).max(1000).default(32),
  })
  .strict();

export const failoverSchema = z
  .object({
    /** Minimum time between two flips. */
    holdDownSeconds: z.number().int().min(0).max(86_400).default(300),
    flapWindowSeconds: z.number().int().min(1).max(604_800).default(3600),
    maxFlipsPerWindow: z.number().int().min(1).max(100).default(2),
    failback: z.enum(['auto', 'manual']).default('manual'),
    /** With auto failback: how long the preferred region must be UP before traffic returns. */
    failbackDwellSeconds: z.number().int().min(0).max(86_400).default(600),
  })
  .strict();

export const leaderSchema = z
  .object({
    leaseMs: z.number().int().min(1000).max(300_000).default(15_000),
    renewMs: z.number().int().min(100).max(150_000).default(5_000),
    retryMs: z.number().int().min(100).max(60_000).default(2_000),
  })
  .strict()
  .superRefine((l, ctx) => {
    if (l.leaseMs < 2 * l.renewMs) {
      ctx.addIssue({ code: 'custom', path: ['renewMs'], message: `expected at most half of leaseMs (${l.leaseMs}) so one missed renewal does not lose the lease`, input: l.renewMs });
    }
  });

/** Deployed functions: concurrency held back for failover, and tracing. */
export const functionsSchema = z
  .object({
    /**
     * Concurrent executions reserved for the controller and the signal function, so an account-wide
     * concurrency exhaustion during an incident cannot throttle failover or the Route 53 signal.
     * `null` reserves none (e.g. an account whose whole limit is 10).
     */
    reservedConcurrency: z
      .object({
        controller: z.number().int().min(1).max(1000).nullable().default(5),
        signal: z.number().int().min(1).max(1000).nullable().default(10),
      })
      .strict()
      .default({ controller: 5, signal: 10 }),
    /** AWS X-Ray tracing of every handler through Powertools Tracer; costs per trace, so off by default. */
    tracing: z.boolean().default(false),
  })
  .strict();

export const routingSchema = z
  .object({
    /** Bounded-load slack: no member above (1 + epsilon) × its fair share. */
    epsilon: z.number().gt(0).max(1).default(0.05),
  })
  .strict();

export const historySchema = z
  .object({
    /** How long recorded events (verdict transitions, flips, drills) are kept: the DynamoDB TTL of the Events table. */
    retentionDays: z.number().int().min(1).max(3650).default(400),
  })
  .strict();

export const sloSchema = z
  .object({
    /** Target availability of the service as users see it; the report's downtime budget is (1 − availability) × window. */
    availability: z.number().gt(0).lt(1).default(0.9995),
  })
  .strict();

export const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;

/**
 * A practice failover on a schedule (EventBridge Scheduler), off by default. Like zonal autoshift's
 * practice runs, it runs only inside allowed days and hours (UTC): the expression says when to
 * try, and the controller checks the window again before starting (a drill must also end in it).
 */
export const drillScheduleSchema = z
  .object({
    enabled: z.boolean().default(false),
    /** EventBridge Scheduler expression, in UTC: `cron(…)` or `rate(…)`. */
    expression: z
      .string()
      .regex(/^(cron\([^()]+\)|rate\(\d+ (minute|minutes|hour|hours|day|days)\))$/, { message: 'expected cron(…) or rate(<n> minutes|hours|days)' })
      .default('cron(0 10 ? * TUE *)'),
    allowedDays: z.array(z.enum(WEEKDAYS)).min(1).default(['MON', 'TUE', 'WED', 'THU']),
    /** UTC hours [start, end): a drill starts at or after `start` and ends by `end`. */
    allowedHours: z
      .object({ start: z.number().int().min(0).max(23), end: z.number().int().min(1).max(24) })
      .strict()
      .refine((h) => h.end > h.start, { message: 'expected end after start' })
      .default({ start: 9, end: 17 }),
    durationMinutes: z.number().int().min(1).max(1440).default(10),
    /** Default: the first app region that serves no traffic when the drill starts. */
    target: regionName.optional(),
  })
  .strict();

export const drillsSchema = z
  .object({
    schedule: drillScheduleSchema.default(drillScheduleSchema.parse({})),
  })
  .strict();

export const failoverConfigSchema = z
  .object({
    service: z.string().regex(/^[a-z][a-z0-9-]{1,30}[a-z0-9]$/, { message: 'expected 3–32 lowercase letters, digits or dashes, starting with a letter' }),
    coordination: coordinationSchema,
    appRegions: z.array(appRegionSchema).min(2, { message: 'expected at least 2 app regions to fail over between' }),
    checkerRegions: z.array(regionName).min(3, { message: 'expected at least 3 checker regions so one region’s network trouble cannot reach quorum' }),
    dns: dnsSchema,
    policy: policySchema,
    probe: probeSchema.default(probeSchema.parse({})),
    failover: failoverSchema.default(failoverSchema.parse({})),
    leader: leaderSchema.default(leaderSchema.parse({})),
    routing: routingSchema.default(routingSchema.parse({})),
    history: historySchema.default(historySchema.parse({})),
    slo: sloSchema.default(sloSchema.parse({})),
    drills: drillsSchema.default(drillsSchema.parse({})),
    /**
     * Regions whose loss may block failing over away from them: the documented opt-out of the
     * region-loss check at synth and local start (docs/deploy.md, "Region loss").
     */
    acceptRegionLoss: z.array(regionName).optional(),
    functions: functionsSchema.default(functionsSchema.parse({})),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (!Array.isArray(c?.appRegions) || !Array.isArray(c.checkerRegions) || typeof c.policy !== 'object' || c.policy === null) return;
    const appRegions = c.appRegions.map((r) => r?.region);
    const known = new Set(appRegions);
    if (known.size !== appRegions.length) {
      ctx.addIssue({ code: 'custom', path: ['appRegions'], message: 'expected each app region once', input: appRegions });
    }
    const drillTarget = c.drills?.schedule?.target;
    if (drillTarget !== undefined && !known.has(drillTarget)) {
      ctx.addIssue({ code: 'custom', path: ['drills', 'schedule', 'target'], message: `expected one of the app regions (${appRegions.join(', ')})`, input: drillTarget });
    }
    if (new Set(c.checkerRegions).size !== c.checkerRegions.length) {
      ctx.addIssue({ code: 'custom', path: ['checkerRegions'], message: 'expected distinct checker regions', input: c.checkerRegions });
    }
    if (c.policy.mode === 'active-passive' && Array.isArray(c.policy.priority)) {
      const priority = c.policy.priority;
      priority.forEach((r, i) => {
        if (!known.has(r)) ctx.addIssue({ code: 'custom', path: ['policy', 'priority', i], message: `expected one of the app regions (${appRegions.join(', ')})`, input: r });
      });
      if (new Set(priority).size !== priority.length) {
        ctx.addIssue({ code: 'custom', path: ['policy', 'priority'], message: 'expected each region once', input: priority });
      }
      const missing = appRegions.filter((r) => !priority.includes(r));
      if (missing.length > 0) {
        ctx.addIssue({ code: 'custom', path: ['policy', 'priority'], message: `expected every app region in the priority list; missing ${missing.join(', ')}`, input: priority });
      }
    } else if (c.policy.mode === 'active-active' && typeof c.policy.weights === 'object' && c.policy.weights !== null) {
      const weights = c.policy.weights;
      for (const r of Object.keys(weights)) {
        if (!known.has(r)) ctx.addIssue({ code: 'custom', path: ['policy', 'weights', r], message: `expected one of the app regions (${appRegions.join(', ')})`, input: weights[r] });
      }
      const missing = appRegions.filter((r) => weights[r] === undefined);
      if (missing.length > 0) {
        ctx.addIssue({ code: 'custom', path: ['policy', 'weights'], message: `expected a weight for every app region; missing ${missing.join(', ')}`, input: weights });
      }
    }
    c.appRegions.forEach((r, i) => {
      if (typeof r?.endpoint?.timeoutMs === 'number' && typeof c.probe?.intervalSeconds === 'number' && r.endpoint.timeoutMs >= c.probe.intervalSeconds * 1000) {
        ctx.addIssue({
          code: 'custom',
          path: ['appRegions', i, 'endpoint', 'timeoutMs'],
          message: `expected below the probe interval (${c.probe.intervalSeconds * 1000} ms) so probes never overlap`,
          input: r.endpoint.timeoutMs,
        });
      }
    });
    if (Array.isArray(c.acceptRegionLoss) && Array.isArray(c.coordination?.regions)) {
      const used = new Set([...appRegions, ...c.checkerRegions, ...c.coordination.regions, 'us-east-1']);
      c.acceptRegionLoss.forEach((r, i) => {
        if (!used.has(r)) ctx.addIssue({ code: 'custom', path: ['acceptRegionLoss', i], message: `expected a region this config uses (${[...used].join(', ')})`, input: r });
      });
    }
    if (c.dns !== undefined && c.dns.recordType !== 'CNAME') {
      c.appRegions.forEach((r, i) => {
        if (r?.recordValue === undefined || !/^[0-9a-fA-F:.]+$/.test(r.recordValue)) {
          ctx.addIssue({ code: 'custom', path: ['appRegions', i, 'recordValue'], message: `expected an IP address for ${c.dns.recordType} records`, input: r.recordValue });
        }
      });
    }
  }, ALWAYS);

/** Config as written in a file (defaults optional). */
export type FailoverConfigInput = z.input<typeof failoverConfigSchema>;
/** Config after validation, with every default filled in. */
export type FailoverConfig = z.output<typeof failoverConfigSchema>;
export type HealthCheckSpec = z.output<typeof healthCheckSchema>;
export type SecretRef = z.output<typeof secretRefSchema>;
export type AppRegionConfig = z.output<typeof appRegionSchema>;
export type PolicyConfig = z.output<typeof policySchema>;
