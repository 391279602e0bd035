import type { HistoryExport, HistoryFilters, SystemLogState, TimelineEntry } from '../../../contract/history';

export const csvColumns = ['time', 'source', 'factor', 'factorId', 'factorType', 'kind', 'outcome', 'actor', 'summary', 'id'] as const;

const sourceNames = { system_log: 'System Log', observed: 'Observed', journal: 'Helpdesk journal' } as const;

/**
 * One CSV cell. Quoted when needed (RFC 4180); a leading = + - @ (or tab/CR) is prefixed with ' so a
 * spreadsheet never runs a device name or detail as a formula.
 */
export function csvCell(value: string | null): string {
  let text = value ?? '';
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function entriesToCsv(entries: TimelineEntry[]): string {
  const rows = entries.map((entry) =>
    [
      entry.at,
      sourceNames[entry.source],
      entry.factorLabel,
      entry.factorId,
      entry.factorType,
      entry.kind,
      entry.outcome,
      entry.actor.name,
      entry.summary,
      entry.id,
    ]
      .map(csvCell)
      .join(','),
  );
  return `${[csvColumns.join(','), ...rows].join('\r\n')}\r\n`;
}

export interface ExportDocument {
  userId: string;
  since: string;
  until: string;
  exportedAt: string;
  filters: HistoryFilters;
  systemLog: SystemLogState;
  truncated: boolean;
  entries: TimelineEntry[];
}

export function buildExport(format: 'csv' | 'json', document: ExportDocument): HistoryExport {
  const stamp = document.exportedAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const base = `factordesk-history-${document.userId.replace(/[^A-Za-z0-9._-]/g, '_')}-${stamp}`;
  if (format === 'csv') {
    return { fileName: `${base}.csv`, mimeType: 'text/csv', content: entriesToCsv(document.entries), count: document.entries.length, truncated: document.truncated };
  }
  return {
    fileName: `${base}.json`,
    mimeType: 'application/json',
    content: `${JSON.stringify(document, null, 2)}\n`,
    count: document.entries.length,
    truncated: document.truncated,
  };
}
