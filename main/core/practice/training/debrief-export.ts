import type { TrainingDebrief, TrainingDebriefExport } from '../../../../contract/training';
import { zoneAbbreviation } from '../../../../contract/time-zone';

const RESULT_WORDS = { pass: 'Pass', fail: 'Fail', not_applicable: 'Does not apply' } as const;

/** Markdown cells: no line breaks, and a pipe cannot end the cell. */
const cell = (text: string): string => text.replace(/[\r\n]+/g, ' ').replaceAll('|', '\\|');

function localTime(iso: string, timeZone: string): string {
  const date = new Date(iso);
  const text = new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(date);
  return `${text} ${zoneAbbreviation(date, timeZone)}`;
}

function markdown(debrief: TrainingDebrief): string {
  const at = (iso: string): string => localTime(iso, debrief.timeZone);
  const lines = [
    `# Training call debrief: ${debrief.title}`,
    '',
    `- **Result:** ${debrief.passed ? 'passed' : 'not passed'} (${debrief.checks.filter((check) => check.result === 'pass').length} of ${debrief.checks.filter((check) => check.result !== 'not_applicable').length} checks)`,
    `- **Ticket:** ${debrief.ticket}`,
    `- **Caller:** ${debrief.caller.displayName} (${debrief.caller.login}, Okta user ${debrief.caller.userId})`,
    `- **Trainee:** ${debrief.agent}`,
    `- **Call:** ${at(debrief.startedAt)} to ${at(debrief.endedAt)}`,
    '',
    '## Checks',
    '',
    '| Check | Result | Why |',
    '|---|---|---|',
    ...debrief.checks.map((check) => `| ${cell(check.title)} | ${RESULT_WORDS[check.result]} | ${cell(check.why)} |`),
    '',
    '## What was done (from the desk\'s audit journal)',
    '',
    ...(debrief.actions.length ? debrief.actions.map((action) => `- ${at(action.time)}: ${action.summary}`) : ['- Nothing was done to the caller.']),
    '',
    `Escalated to security (as the trainee reported): ${debrief.reported.escalatedToSecurity ? 'yes' : 'no'}.`,
    '',
    'Written by FactorDesk from its audit journal for a practice call in the sandbox org. It holds no codes, answers or temporary access codes.',
    '',
  ];
  return lines.join('\n');
}

/** The debrief as a file: Markdown to read or attach to a training record, or JSON for a learning system. */
export function exportDebrief(debrief: TrainingDebrief, format: 'markdown' | 'json'): TrainingDebriefExport {
  const day = debrief.endedAt.slice(0, 10);
  const base = `factordesk-training-${debrief.scenarioId}-${day}-${debrief.callId.slice(0, 8)}`;
  if (format === 'json') return { fileName: `${base}.json`, mimeType: 'application/json', content: `${JSON.stringify(debrief, null, 2)}\n` };
  return { fileName: `${base}.md`, mimeType: 'text/markdown', content: markdown(debrief) };
}
