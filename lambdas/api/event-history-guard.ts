/** The history routes exist only where the API was given the Events table (app.ts mounts them then). */
import { ApiError } from './errors';
import type { EventHistoryPort } from './event-history-port';
import type { ApiServices } from './ports';

export function eventHistoryOf(services: ApiServices): EventHistoryPort {
  if (services.events === undefined) throw new ApiError(404, 'not_found', 'this deployment records no event history (no Events table configured)', null);
  return services.events;
}
