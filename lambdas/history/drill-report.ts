/** `GET /drills/{id}`: a drill's report from its recorded steps; undefined for an unknown drill. */
import { SIGNAL_CHECK_DEFAULTS, type SignalCheckSettings } from '../platform/dns-setup';
import type { HistoryEventStore } from './event-store';
import { buildDrillReport, type DrillReport } from './rules/drill-report';

export async function getDrillReport(store: Pick<HistoryEventStore, 'drill'>, drillId: string, signalCheck: SignalCheckSettings = SIGNAL_CHECK_DEFAULTS): Promise<DrillReport | undefined> {
  const { events } = await store.drill(drillId);
  return buildDrillReport(events, signalCheck);
}
