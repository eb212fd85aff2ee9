/**
 * Chaos reaches the DNS answer, in regional local mode with the example topology in health-signal
 * mode on a fast cadence (the signal checks keep the deployed 10 s interval): losing the active
 * region whole moves the local name server's answer to the survivor — the killed region's own signal
 * endpoint dies with it and the surviving APIs vouch for us-west-2 — and with Route 53's control
 * plane down the name server keeps answering and a backend break still moves the answer, because
 * Route 53's data plane does not depend on its control plane.
 */
import type { DnsAnswerBody } from '../../../lambdas/api/schemas';
import { answerData, queryDns } from '../../../local/route53/dns-client';
import { useEmulators } from '../../support/emulators';
import { waitFor } from '../helpers';
import { fastExample, startHarness, type Harness } from './harness';

useEmulators();
const config = fastExample();
const NAME = config.dns.recordName;
const PRIMARY = 'use1.shop.example.com';
const SECONDARY = 'usw2.shop.example.com';
/** A flip, then Route 53's detection of the signal (10 s request interval) and the 500 ms answer watcher. */
const DNS_MOVE_MS = 45_000;
let h: Harness;

const dig = async (transport: 'udp' | 'tcp' = 'udp'): Promise<string[]> => answerData(await queryDns({ port: h.local.dns.port, name: NAME, type: 'CNAME', transport }), 'CNAME');
const statusAnswer = async (): Promise<DnsAnswerBody | null | undefined> => (await h.status()).dnsAnswer;

/** Both the name server and GET /status answer `value`; returns what GET /status said. */
async function answersSettleOn(value: string, what: string): Promise<DnsAnswerBody> {
  await waitFor(
    `the name server to answer ${value} (${what})`,
    () => dig(),
    (v) => v[0] === value,
    DNS_MOVE_MS,
    250,
  );
  const answer = await waitFor(`GET /status to report ${value} (${what})`, statusAnswer, (d) => d?.values[0] === value, 5_000, 200);
  return answer as DnsAnswerBody;
}

/** Heal everything, wait for both regions, fail back by hand (failback is manual) and for the answer to follow. */
async function backToPrimary(): Promise<void> {
  await h.chaos({ action: 'heal' });
  await h.settled();
  if ((await h.status()).active[0] !== 'us-east-1') expect((await h.post('/failback', { reason: 'drill over' })).status).toBe(200);
  await answersSettleOn(PRIMARY, 'after failback');
}

beforeAll(async () => {
  h = await startHarness(config);
  await h.settled();
  // New Route 53 checks start healthy: the secondary's signal vouches for it until its locations see the 503.
  await answersSettleOn(PRIMARY, 'at start');
}, 240_000);
afterAll(async () => {
  await h?.stop();
});

it('kill-region of the active region moves the DNS answer to the survivor, and GET /status says since when', async () => {
  const before = await answersSettleOn(PRIMARY, 'before the loss');
  await h.chaos({ action: 'kill-region', region: 'us-east-1' });
  const after = await answersSettleOn(SECONDARY, 'after losing us-east-1');
  expect(after).toMatchObject({ name: NAME, type: 'CNAME', values: [SECONDARY], source: 'local-dns' });
  expect(Date.parse(after.since)).toBeGreaterThan(Date.parse(before.since));
  expect(await dig('tcp')).toEqual([SECONDARY]);
  await backToPrimary();
}, 180_000);

it('with Route 53’s control plane down the name server keeps answering, and a backend break still moves the answer', async () => {
  expect((await h.chaos({ action: 'route53', mode: 'down' })).route53).toBe('down');
  expect(await dig()).toEqual([PRIMARY]);
  expect(await dig('tcp')).toEqual([PRIMARY]);
  h.local.demo.setMode('us-east-1', 'down');
  try {
    await answersSettleOn(SECONDARY, 'after breaking us-east-1 with the control plane down');
    // It moved while the control plane was down: nothing reached Route 53's API meanwhile.
    expect((await h.local.chaos.state()).route53).toBe('down');
  } finally {
    h.local.demo.setMode('us-east-1', 'healthy');
  }
  await backToPrimary();
}, 180_000);
