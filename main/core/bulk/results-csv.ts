import type { BulkRowOutcome } from '../../../contract';
import { csvCell } from '../history/export-history';
import type { InventoriedFactor, OutcomeLine, RowPlan } from './bulk-job-record';

const columns = ['row', 'input', 'resolution', 'userId', 'login', 'name', 'adminRoles', 'outcome', 'detail', 'errorCode', 'oktaErrorCode', 'oktaErrorId', 'auditId', 'time'] as const;
const inventoryColumns = ['factorCount', 'factorTypes', 'factors', 'lastUsed'] as const;

export interface ResultLine {
  plan: RowPlan;
  outcome: BulkRowOutcome;
  line: OutcomeLine | undefined;
  lastUsed: Record<string, string | null> | undefined;
}

function describeFactor(factor: InventoriedFactor): string {
  const device = [factor.deviceName, factor.platform].filter(Boolean).join(' ');
  return `${factor.factorType}/${factor.provider} ${factor.status}${device ? ` (${device})` : ''}`;
}

/** The results CSV: one line per input row, in input order, with Okta's error ids for the ticket. */
export function resultsCsv(lines: readonly ResultLine[], inventory: boolean): string {
  const header = inventory ? [...columns, ...inventoryColumns] : [...columns];
  const body = lines.map(({ plan, outcome, line, lastUsed }) => {
    const cells: Array<string | null> = [
      String(plan.row),
      plan.input,
      plan.resolution,
      plan.userId ?? null,
      plan.login ?? null,
      plan.name ?? null,
      plan.adminRoles?.join(' ') ?? null,
      outcome,
      line?.detail ?? (plan.resolution === 'ready' ? null : (plan.detail ?? null)),
      line?.errorCode ?? null,
      line?.oktaErrorCode ?? null,
      line?.oktaErrorId ?? null,
      line?.auditId ?? null,
      line?.time ?? null,
    ];
    if (inventory) {
      const factors = line?.factors;
      cells.push(
        factors ? String(factors.length) : null,
        factors ? [...new Set(factors.map((factor) => factor.factorType))].join(' ') : null,
        factors ? factors.map(describeFactor).join('; ') : null,
        factors && lastUsed ? factors.map((factor) => `${factor.factorType}: ${lastUsed[factor.id] ?? 'not in the log'}`).join('; ') : null,
      );
    }
    return cells.map(csvCell).join(',');
  });
  return `${[header.join(','), ...body].join('\r\n')}\r\n`;
}
