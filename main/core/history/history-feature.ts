import { matchesHistoryFilters, defaultHistoryRangeDays, type HistoryPage, type historyMethods, type TimelineEntry } from '../../../contract/history';
import type { Feature, FeatureContext } from '../feature-context';
import type { FactorObservations } from '../observations';
import { buildExport } from './export-history';
import { HistoryService } from './history-service';

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

/** The History view: one timeline per user from the System Log, observations and the audit journal. */
export function createHistoryFeature(ctx: FeatureContext, observations: FactorObservations): Feature<HistoryMethodName> {
  const service = new HistoryService({ dataDir: ctx.dataDir, observations, now: () => ctx.now() });

  return {
    handlers: {
      getHistory: async ({ userId, since, until, cursor, pageSize }) => {
        const range = resolveRange({ since, until }, ctx.now());
        return service.page(ctx.connections.active(), { userId, ...range, cursor, pageSize });
      },
      exportHistory: async ({ userId, since, until, format, filters }) => {
        const active = ctx.connections.active();
        const range = resolveRange({ since, until }, ctx.now());
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
          exportedAt: ctx.now().toISOString(),
          filters,
          systemLog: systemLog ?? page.systemLog,
          truncated,
          entries: entries.slice(0, maxExportEntries),
        });
      },
    },
    async close() {
      await observations.close();
    },
  };
}
