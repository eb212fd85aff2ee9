/**
 * Fault injection (chaos) wire format, local mode only: `POST /chaos` takes one command, `GET /chaos`
 * shows what is broken. Every command is undone by `heal`.
 */
import * as z from 'zod';
import { regionName } from './schemas';

const region = regionName.describe('a region of the local deployment');

export const chaosCommand = z.discriminatedUnion('action', [
  z.object({ action: z.literal('kill-region').describe("the region's backend, checker, controller, API and replica endpoint die"), region }).strict(),
  z.object({ action: z.literal('partition').describe('one checker region sees one target as unreachable; the others see it fine'), checker: regionName, target: regionName }).strict(),
  z.object({ action: z.literal('replica-down').describe("the region's table replica refuses connections"), region }).strict(),
  z.object({ action: z.literal('latency').describe("every byte to and from the region's replica is delayed"), region, ms: z.number().int().min(0).max(60_000) }).strict(),
  z.object({ action: z.literal('route53').describe("Route 53's control plane refuses connections, throttles or answers 503"), mode: z.enum(['down', 'throttle', 'errors']) }).strict(),
  z.object({ action: z.literal('pause-controller').describe("SIGSTOP the region's controller process"), region }).strict(),
  z.object({ action: z.literal('resume-controller').describe('SIGCONT it'), region }).strict(),
  z.object({ action: z.literal('crash-controller').describe('SIGKILL it (heal restarts it)'), region }).strict(),
  z.object({ action: z.literal('stop-checker').describe("stop the region's checker (heal restarts it)"), region }).strict(),
  z.object({ action: z.literal('heal').describe('undo every fault: proxies up, paused processes resumed, dead ones restarted') }).strict(),
]);

export const chaosActions = chaosCommand.options.map((o) => o.shape.action.value);

const processView = z.object({
  role: z.enum(['checker', 'controller', 'api']),
  state: z.enum(['starting', 'running', 'paused', 'stopped', 'crashed', 'exited']),
  pid: z.number().int().optional(),
});

export const chaosState = z.object({
  faults: z.array(z.object({ description: z.string(), since: z.number().int().nonnegative() })).describe('what is broken now, oldest first'),
  regions: z.array(
    z.object({
      region: z.string(),
      lost: z.boolean().describe('killed whole by kill-region'),
      processes: z.array(processView),
      replica: z.object({ mode: z.string(), latencyMs: z.number().int() }).optional().describe("the region's table replica endpoint (replica regions only)"),
      api: z.string().optional().describe("the region's API URL (its signal endpoint)"),
    }),
  ),
  route53: z.enum(['up', 'down', 'throttle', 'errors']),
  message: z.string().optional(),
});

export type ChaosCommand = z.output<typeof chaosCommand>;
export type ChaosStateBody = z.output<typeof chaosState>;
