import type { KeyRedemption } from './launch-keys';

/** "2 minutes", "30 seconds": how long a printed address works, in the words the pages use. */
export function describeLifetime(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return ms === 60_000 ? '1 minute' : `${ms / 60_000} minutes`;
  const seconds = Math.max(1, Math.round(ms / 1000));
  return seconds === 1 ? '1 second' : `${seconds} seconds`;
}

function page(title: string, lines: string[]): string {
  return `<!doctype html><meta charset="utf-8"><title>FactorDesk</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40em;margin:4em auto;padding:0 1em}</style>
<h1>${title}</h1>
${lines.map((line) => `<p>${line}</p>`).join('\n')}
`;
}

const HOW_TO_GET_ONE = 'In the terminal where FactorDesk is running, press <b>Enter</b> to print a new address, then open it here.';

/** A browser with no session asked for a page. */
export function noSessionPage(lifetimeMs: number): string {
  return page('Open FactorDesk from its address', [
    `This page needs the address printed in the terminal where FactorDesk was started (it ends with <code>?key=…</code>). Each address opens FactorDesk once, within ${describeLifetime(lifetimeMs)}.`,
    HOW_TO_GET_ONE,
  ]);
}

/** A launch key that did not open a session, and why. */
export function refusedKeyPage(why: Exclude<KeyRedemption, 'accepted'>, lifetimeMs: number): string {
  const explained: Record<typeof why, { title: string; reason: string }> = {
    used: {
      title: 'This address has already been used',
      reason: 'Each FactorDesk address opens it once, so an address found later (in a history or a backup) opens nothing.',
    },
    expired: { title: 'This address has expired', reason: `A FactorDesk address works for ${describeLifetime(lifetimeMs)} after it is printed.` },
    unknown: {
      title: 'This address is not valid',
      reason: 'It does not belong to this run of FactorDesk (addresses change every time FactorDesk starts).',
    },
  };
  return page(explained[why].title, [explained[why].reason, HOW_TO_GET_ONE]);
}
