import { matchesHistoryFilters, defaultHistoryRangeDays, type HistoryPage, type historyMethods, type TimelineEntry } from '../../../contract/history';
import type { Connections, Feature } from '../feature-context';
import { buildExport } from './export-history';
import { HistoryService, type HistoryServiceOptions } from './history-service';

export type HistoryMethodName = keyof typeof historyMethods;

/** An export reads at most this many entries (the view pages further if the agent scrolls). */
export const maxExportEntries = 5000;
const exportPageSize = 200;
const dayMs = 24 * 60 * 60 * 1000;

/** since/until after defaults: until = now, since = until - 30 days. */
function resolveRange(input: { since?: string; until?: string }, now: Date): { since: string; until: string } {
  const until = input.until ? new Date(input.until) : now;
  const since = input.since ? new Date(input.since) : new Date(until.getTime() - defaultHistoryRangeDays * dayMs);
  return { since: since.toISOString(), until: until.toISOString() };
}

export interface HistoryFeatureDeps extends HistoryServiceOptions {
  connections: Connections;
}

/** The History view: one timeline per user from the System Log, observations and the audit journal. */
export function createHistoryFeature(deps: HistoryFeatureDeps): Feature<HistoryMethodName> {
  const service = new HistoryService(deps);
  const { connections, now } = deps;

  return {
    handlers: {
      getHistory: async ({ userId, since, until, cursor, pageSize }) => {
        const range = resolveRange({ since, until }, now());
        return service.page(connections.active(), { userId, ...range, cursor, pageSize });
      },
      exportHistory: async ({ userId, since, until, format, filters }) => {
        const active = connections.active();
        const range = resolveRange({ since, until }, now());
        const entries: TimelineEntry[] = [];
        let page: HistoryPage | null = null;
        let systemLog: HistoryPage['systemLog'] | null = null;
        do {
          page = await service.page(active, { userId, ...range, cursor: page?.nextCursor ?? undefined, pageSize: exportPageSize });
          systemLog ??= page.systemLog;
          entries.push(...page.entries.filter((entry) => matchesHistoryFilters(entry, filters)));
        } while (page.nextCursor && entries.length < maxExportEntries);
        const truncated = page.nextCursor !== null || entries.length > maxExportEntries;
        return buildExport(format, {
          userId,
          ...range,
          exportedAt: now().toISOString(),
          filters,
          systemLog: systemLog ?? page.systemLog,
          truncated,
          entries: entries.slice(0, maxExportEntries),
        });
      },
    },
  };
}
