/** Commands that need no API: they read local files only (kept apart from the API commands in commands.ts). */
import { topologyCommand, type OfflineContext } from './topology';

export type OfflineCommand = (ctx: OfflineContext) => { readonly json: unknown; readonly text: string };

export const offlineCommands: Readonly<Record<string, OfflineCommand>> = {
  topology: topologyCommand,
};
