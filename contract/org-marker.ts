// How an org is marked across the top of the window, without zod: the band is on the first screen.
// Every real org has a colour and a label the agent chose (a production org in red, a test org in
// another colour); the practice org (the sandbox) always has its own striped band and words.

/** `#rrggbb`. */
export const MARKER_COLOR_PATTERN = /^#[0-9a-fA-F]{6}$/;
export const MARKER_LABEL_MAX = 40;

/** The colours the org dialog offers (any `#rrggbb` is accepted). */
export const markerPalette = [
  { color: '#c62828', name: 'Red' },
  { color: '#ef6c00', name: 'Orange' },
  { color: '#f9a825', name: 'Amber' },
  { color: '#2e7d32', name: 'Green' },
  { color: '#00838f', name: 'Teal' },
  { color: '#1565c0', name: 'Blue' },
  { color: '#6a1b9a', name: 'Purple' },
  { color: '#455a64', name: 'Slate' },
] as const;

/** A real org nobody has marked yet is treated as production: red. */
export const DEFAULT_MARKER = { color: '#c62828', label: 'Production' } as const;

/** The practice org's words; its colour and stripes are fixed too, so it never looks like a real org. */
export const PRACTICE_MARKER = { color: '#6d4c41', label: 'Practice org — not real users' } as const;

export interface OrgMarker {
  /** `#rrggbb`. */
  color: string;
  /** "Production", "Staging", "EU tenant"…; the band shows it with the org's name. */
  label: string;
  /** The sandbox org: striped, with PRACTICE_MARKER's words; not editable. */
  practice: boolean;
}
