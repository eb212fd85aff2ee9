/**
 * What `failover` accepts, command by command: options with their types, usage lines and help
 * text. The parser (args.ts) and the help (help.ts) both read this table, so a command cannot
 * accept an option its help does not list.
 */

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  /** Placeholder in usage, e.g. `<region>`. */
  readonly value?: string;
  readonly help: string;
  readonly short?: string;
}

export type OptionTable = Readonly<Record<string, OptionSpec>>;

export interface CommandSpec {
  readonly name: string;
  readonly summary: string;
  readonly usage: readonly string[];
  readonly options: OptionTable;
  /** Positional words the command takes, at most (more is a usage error). */
  readonly maxPositionals: number;
  /** Whether it changes the service (then --reason is required where the API records one). */
  readonly mutating: boolean;
  readonly details?: readonly string[];
  readonly examples?: readonly string[];
}

export const GLOBAL_OPTIONS: OptionTable = {
  json: { type: 'boolean', help: "print the API's JSON (also the error body on failure) instead of text" },
  help: { type: 'boolean', short: 'h', help: 'show help (of the command, when one is given)' },
  url: { type: 'string', value: '<url>', help: 'API URL (default: FAILOVER_API_URL, else the running local mode)' },
  'api-token': { type: 'string', value: '<token>', help: 'bearer token of a local API (default: FAILOVER_TOKEN, else the local connection file)' },
};

const reason: OptionSpec = { type: 'string', value: '<text>', help: 'why (required; recorded in the audit trail, up to 500 characters)' };
const window: OptionSpec = { type: 'string', value: '<len>', help: 'how far back: <n>d, <n>h or <n>m, at most 400d (default 30d)' };
const end: OptionSpec = { type: 'string', value: '<time>', help: 'end of the window, ISO 8601 such as 2026-12-01T00:00:00Z (default now)' };
const force: OptionSpec = { type: 'boolean', help: 'skip the readiness gate: move traffic even into a region that is not UP (never into nothing)' };

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'status',
    summary: 'regions, verdicts per checker, active set, leader, pin, last flip',
    usage: ['failover status'],
    options: {},
    maxPositionals: 0,
    mutating: false,
  },
  {
    name: 'failover',
    summary: 'move all traffic to a region now',
    usage: ['failover failover --to <region> --reason <text> [--force]'],
    options: { to: { type: 'string', value: '<region>', help: 'app region that should take the traffic (required)' }, reason, force },
    // One is accepted only to say that the region goes in --to.
    maxPositionals: 1,
    mutating: true,
    details: ["Refused (exit 3) when the target is not UP, with each region's verdict and how long until it could be UP; --force overrides that check."],
    examples: ['failover failover --to us-west-2 --reason "drill"'],
  },
  {
    name: 'failback',
    summary: "return traffic to the policy's preferred region(s)",
    usage: ['failover failback --reason <text> [--force]'],
    options: { reason, force },
    maxPositionals: 0,
    mutating: true,
    details: ['Refused (exit 3) while the preferred region is not UP, saying which region is what and how long until it could be UP.'],
    examples: ['failover failback --reason "primary healthy again"'],
  },
  {
    name: 'pin',
    summary: 'keep traffic on a region; automatic flips stop until unpinned',
    usage: ['failover pin <region> --reason <text> [--force]'],
    options: { reason, force },
    maxPositionals: 1,
    mutating: true,
    examples: ['failover pin us-west-2 --reason "maintenance in us-east-1"'],
  },
  {
    name: 'unpin',
    summary: 'remove the pin; automation resumes',
    usage: ['failover unpin --reason <text>'],
    options: { reason },
    maxPositionals: 0,
    mutating: true,
  },
  {
    name: 'history',
    summary: 'audit trail, newest first, with the timeline of each flip',
    usage: ['failover history [--limit <n>] [--cursor <c>]'],
    options: {
      limit: { type: 'string', value: '<n>', help: 'entries per page, 1–200 (default 50)' },
      cursor: { type: 'string', value: '<c>', help: 'the cursor printed under the previous page' },
    },
    maxPositionals: 0,
    mutating: false,
  },
  {
    name: 'incidents',
    summary: 'outages from the event history, newest first: detect, decide, flip, RTO and downtime of each',
    usage: ['failover incidents [--window <len>] [--end <time>] [--region <region>]'],
    options: { window, end, region: { type: 'string', value: '<region>', help: 'only this app region’s incidents' } },
    maxPositionals: 0,
    mutating: false,
    details: [
      'detect_s: first failed probe -> quorum DOWN; decide_s: -> flip intent; flip_s: -> flip committed; rto_s: first failed',
      'probe -> traffic moved; downtime_s: time no serving region was available. "~" marks a start estimated from the probe settings.',
    ],
    examples: ['failover incidents --window 7d', 'failover incidents --region us-east-1 --json'],
  },
  {
    name: 'report',
    summary: 'availability over a window: MTBF, MTTR, availability, nines and budget per region and service; what failover buys',
    usage: ['failover report [--window <len>] [--end <time>] [--json]'],
    options: { window, end },
    maxPositionals: 0,
    mutating: false,
    details: ['availability = MTBF / (MTBF + MTTR); nines = -log10(1 - availability); budget: (1 - SLO) x window, less the downtime.'],
    examples: ['failover report', 'failover report --window 90d --json'],
  },
  {
    name: 'drill',
    summary: 'practice failover: traffic to a region for a while, then back home automatically',
    usage: ['failover drill start --to <region> --duration <10m> --reason <text>', 'failover drill abort <id> --reason <text>', 'failover drill show <id> [--markdown]'],
    options: {
      to: { type: 'string', value: '<region>', help: 'app region that takes all traffic during the drill (required for start)' },
      duration: { type: 'string', value: '<d>', help: 'how long traffic stays there: <n>s, <n>m or <n>h, 10s–24h (required for start)' },
      reason,
      markdown: { type: 'boolean', help: 'show: print the report as Markdown' },
    },
    maxPositionals: 2,
    mutating: true,
    details: [
      'start refuses (exit 3) unless the target is UP by quorum, no flip is pending, traffic is not pinned and home is UP, saying which check failed.',
      'The flip is real and audited (cause drill); the controller returns traffic (cause drill-return) when the time is up, or early if the target goes DOWN.',
      'If the home region goes DOWN during the drill, the drill ends and traffic stays where automation wants it.',
    ],
    examples: ['failover drill start --to us-west-2 --duration 10m --reason "quarterly game day"', 'failover drill show drill-20260101T100000Z-ab12cd --markdown'],
  },
  {
    name: 'locks',
    summary: 'lease locks with fencing tokens',
    usage: [
      'failover locks show <name>',
      'failover locks acquire <name> [--owner <o>] [--lease-ms <n>] [--wait-ms <n>]',
      'failover locks renew <name> --token <n> --secret <s> [--lease-ms <n>]',
      'failover locks release <name> --token <n> --secret <s>',
    ],
    options: {
      owner: { type: 'string', value: '<o>', help: 'who holds it, shown to others (default failover-cli@$USER)' },
      'lease-ms': { type: 'string', value: '<n>', help: 'lease length, 1000–300000 ms (default 30000)' },
      'wait-ms': { type: 'string', value: '<n>', help: 'how long to wait for a held lock, 0–8000 ms (default 0)' },
      token: { type: 'string', value: '<n>', help: 'fencing token printed by acquire' },
      secret: { type: 'string', value: '<s>', help: 'lease secret printed once by acquire; only its holder can renew or release' },
    },
    maxPositionals: 2,
    mutating: true,
    details: ['acquire prints the fencing token and the lease secret; keep the secret: it is never shown again, and renew and release need it.'],
  },
  {
    name: 'demo',
    summary: 'local mode only: switch a demo backend',
    usage: ['failover demo break|heal|slow|flap <region>'],
    options: {},
    maxPositionals: 2,
    mutating: true,
  },
  {
    name: 'chaos',
    summary: 'local mode only: inject a fault into a simulated region (or show those in force)',
    usage: [
      'failover chaos [status]',
      'failover chaos kill-region|replica-down <region>',
      'failover chaos partition <checker-region> <target-region>',
      'failover chaos latency <region> <ms>',
      'failover chaos route53 down|throttle|errors',
      'failover chaos pause-controller|resume-controller|crash-controller <region>',
      'failover chaos stop-checker <region>',
      'failover chaos heal',
    ],
    options: {},
    maxPositionals: 3,
    mutating: true,
    details: ['Every fault is reversible with `chaos heal` and recorded in the audit trail. Refused when the target API is not local mode.'],
    examples: ['failover chaos kill-region us-east-1', 'failover chaos partition eu-west-1 us-east-1', 'failover chaos heal'],
  },
  {
    name: 'topology',
    summary: 'region-loss matrix of a config: what the loss of each region leaves (no API needed)',
    usage: ['failover topology [config.json]'],
    options: {},
    maxPositionals: 1,
    mutating: false,
    details: ['Reads FAILOVER_CONFIG or the given file (default failover.config.json); exits 1 when the loss of one region would block failover.'],
  },
  {
    name: 'ui',
    summary: "open a deployed service's status page through a local SigV4-signing proxy",
    usage: ['failover ui --api <url> [--port <n>] [--open]'],
    options: {
      api: { type: 'string', value: '<url>', help: 'the deployed API, e.g. https://abc123.execute-api.us-east-1.amazonaws.com/v1 (default: --url / FAILOVER_API_URL)' },
      port: { type: 'string', value: '<n>', help: 'local port, 0–65535 (default 0: any free port)' },
      open: { type: 'boolean', help: 'also open the page in the default browser' },
    },
    maxPositionals: 0,
    mutating: false,
    details: [
      'Serves http://127.0.0.1:<port>/<secret>/ and forwards GET requests to the API, each signed with your AWS',
      'credentials (the standard chain: environment, profiles, SSO, instance roles). Read-only: other methods are',
      'refused, and only this machine can reach it. Stop it with Ctrl-C.',
    ],
  },
];

export function commandSpec(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}
