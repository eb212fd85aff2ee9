/** `GET /drills/{id}`: a drill's report from its recorded steps; undefined for an unknown drill. */
import { ROUTE53_SIGNAL_CHECK, type SignalCheckTiming } from '../platform/route53-signal-check';
import type { HistoryEventStore } from './event-store';
import { buildDrillReport, type DrillReport } from './rules/drill-report';

export async function getDrillReport(store: Pick<HistoryEventStore, 'drill'>, drillId: string, signalCheck: SignalCheckTiming = ROUTE53_SIGNAL_CHECK): Promise<DrillReport | undefined> {
  const { events } = await store.drill(drillId);
  return buildDrillReport(events, signalCheck);
}
