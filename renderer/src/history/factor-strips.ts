import type { HistorySource, TimelineEntry, TimelineKind, TimelineOutcome } from '../../../contract/history';

/** What a factor was doing over a stretch of time. `unknown`: nothing seen yet in what is loaded. */
export type StripState = 'unknown' | 'pending' | 'active' | 'removed';

export interface StripSegment {
  from: number;
  to: number;
  state: StripState;
}

export type MarkerKind = 'enrolled' | 're_enrolled' | 'activated' | 'challenge' | 'verified' | 'denied' | 'failed' | 'timeout' | 'reset';

export interface StripMarker {
  at: number;
  kind: MarkerKind;
  outcome: TimelineOutcome;
  /** The timeline entries this marker stands for (several sources often tell the same moment). */
  entryIds: string[];
  /** The factors it is about (an Okta Verify device's push, code and FastPass change together). */
  factorIds: string[];
  sources: HistorySource[];
  summary: string;
}

/** One lane per factor type (a re-enrollment gets a new factor id at Okta but is the same story). */
export interface FactorStrip {
  key: string;
  label: string;
  factorIds: string[];
  segments: StripSegment[];
  markers: StripMarker[];
  /** State at the right edge. */
  current: StripState;
}

export interface StripAxis {
  from: number;
  to: number;
  /** Entries older than this are not loaded yet (the agent can load older); null when all are. */
  loadedFrom: number | null;
}

/** Markers of the same kind on a lane closer than this are one moment told by several sources. */
const sameMomentMs = 5_000;

const markerOf: Partial<Record<TimelineKind, MarkerKind>> = {
  enrolled: 'enrolled',
  activated: 'activated',
  sent: 'challenge',
  challenged: 'challenge',
  verified: 'verified',
  denied: 'denied',
  failed: 'failed',
  timeout: 'timeout',
  reset: 'reset',
  reset_all: 'reset',
  removed: 'reset',
};

/**
 * Okta Verify's push, its codes and FastPass are one app on the phone: Identity Engine lists and
 * logs them as three factors, but they are enrolled and reset together, so they share one lane.
 */
const OKTA_VERIFY_LANE = 'Okta Verify';
const oktaVerifyLabels = new Set(['Okta Verify (push)', 'Okta Verify (code)', 'Okta FastPass']);

function laneKey(entry: TimelineEntry): string {
  if (entry.factorLabel !== null && oktaVerifyLabels.has(entry.factorLabel)) return OKTA_VERIFY_LANE;
  return entry.factorLabel ?? entry.factorType ?? entry.factorId ?? 'factor';
}

/** The state an entry leaves its factor in, or null when it does not say. */
function stateAfter(entry: TimelineEntry, before: StripState): StripState | null {
  // Nobody knows whether it happened: the factor's state stays what it was until a later entry says.
  if (entry.outcome === 'unknown') return null;
  if (entry.statusAfter === 'ACTIVE') return 'active';
  if (entry.statusAfter === 'PENDING_ACTIVATION') return 'pending';
  if (entry.statusAfter === 'REMOVED') return 'removed';
  switch (entry.kind) {
    case 'enrolled':
      return entry.outcome === 'failure' ? null : 'pending';
    case 'activated':
      return 'active';
    case 'reset':
    case 'reset_all':
    case 'removed':
      return entry.outcome === 'failure' ? null : 'removed';
    case 'sent':
    case 'challenged':
    case 'verified':
    case 'denied':
      // Only an active factor can be challenged.
      return before === 'unknown' ? 'active' : null;
    default:
      return null;
  }
}

interface Lane {
  key: string;
  label: string;
  factorIds: Set<string>;
  state: StripState;
  since: number;
  segments: StripSegment[];
  markers: StripMarker[];
  everRemoved: boolean;
}

/**
 * The status strips for the entries loaded so far (any order): per factor lane, coloured segments
 * of its state over the axis and markers for what happened. Pure, so it is tested without a browser.
 */
export function buildFactorStrips(entries: readonly TimelineEntry[], axis: StripAxis): FactorStrip[] {
  const oldestFirst = [...entries].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.id < b.id ? -1 : 1));
  const lanes = new Map<string, Lane>();

  const laneFor = (entry: TimelineEntry): Lane => {
    const key = laneKey(entry);
    let lane = lanes.get(key);
    if (!lane) {
      lane = { key, label: key === OKTA_VERIFY_LANE ? OKTA_VERIFY_LANE : (entry.factorLabel ?? key), factorIds: new Set(), state: 'unknown', since: axis.from, segments: [], markers: [], everRemoved: false };
      lanes.set(key, lane);
    }
    return lane;
  };

  const apply = (lane: Lane, entry: TimelineEntry): void => {
    const at = Date.parse(entry.at);
    const next = stateAfter(entry, lane.state);
    let kind = markerOf[entry.kind];
    if (kind === 'enrolled' || kind === 'activated') {
      // The first sign of a factor after a reset is the re-enrollment (other sources then tell the same moment).
      const reEnrolling = lane.everRemoved && (lane.state === 'removed' || lane.state === 'unknown' || (kind === 'enrolled' && lane.state === 'pending'));
      if (reEnrolling) kind = 're_enrolled';
    }
    if (next && next !== lane.state) {
      if (at > lane.since) lane.segments.push({ from: lane.since, to: at, state: lane.state });
      lane.state = next;
      lane.since = Math.max(at, axis.from);
    }
    if (next === 'removed') lane.everRemoved = true;
    // A mark says what happened to the factor; an unknown outcome is told in the timeline, not drawn as if it happened.
    if (kind && entry.outcome !== 'unknown') {
      addMarker(lane, { at, kind, outcome: entry.outcome, entryIds: [entry.id], factorIds: entry.factorId ? [entry.factorId] : [], sources: [entry.source], summary: entry.summary });
    }
  };

  for (const entry of oldestFirst) {
    if (entry.kind === 'reset_all' && entry.factorId === null) {
      // Applies to every factor known so far.
      for (const lane of lanes.values()) apply(lane, entry);
      continue;
    }
    if (entry.factorId === null && entry.factorLabel === null) continue;
    const lane = laneFor(entry);
    if (entry.factorId) lane.factorIds.add(entry.factorId);
    apply(lane, entry);
  }

  return [...lanes.values()].map((lane) => {
    const segments = [...lane.segments];
    if (axis.to > lane.since) segments.push({ from: lane.since, to: axis.to, state: lane.state });
    return {
      key: lane.key,
      label: lane.label,
      factorIds: [...lane.factorIds],
      segments: mergeSegments(segments),
      markers: lane.markers,
      current: lane.state,
    };
  });
}

/** Factors of one lane changed in the same second by one source: one moment (Okta Verify's three, enrolled or reset together). */
const sameChangeMs = 1_000;

function addMarker(lane: Lane, marker: StripMarker): void {
  // The same moment told by another source joins its marker, and so do other factors of the lane
  // changed in the same second; two moments of one factor from one source stay two.
  const near = lane.markers.find(
    (m) =>
      m.kind === marker.kind &&
      Math.abs(m.at - marker.at) <= sameMomentMs &&
      (!marker.sources.some((source) => m.sources.includes(source)) ||
        (Math.abs(m.at - marker.at) <= sameChangeMs && marker.factorIds.length > 0 && !marker.factorIds.some((id) => m.factorIds.includes(id)))),
  );
  if (near) {
    near.entryIds.push(...marker.entryIds);
    for (const source of marker.sources) if (!near.sources.includes(source)) near.sources.push(source);
    for (const id of marker.factorIds) if (!near.factorIds.includes(id)) near.factorIds.push(id);
    return;
  }
  lane.markers.push(marker);
}

function mergeSegments(segments: StripSegment[]): StripSegment[] {
  const merged: StripSegment[] = [];
  for (const segment of segments) {
    const last = merged.at(-1);
    if (last && last.state === segment.state && last.to >= segment.from) last.to = Math.max(last.to, segment.to);
    else merged.push({ ...segment });
  }
  return merged;
}

/**
 * The time axis for the strips: the span of what is loaded with a little margin, so a story told in
 * minutes is not a dot at the edge of a 30-day range. The range end ("now") bounds it on the right.
 */
export function fitAxis(entries: readonly TimelineEntry[], range: { since: string; until: string }, allLoaded: boolean, now: number): StripAxis {
  const rangeFrom = Date.parse(range.since);
  const rangeTo = Math.min(Date.parse(range.until), now);
  if (entries.length === 0) return { from: rangeFrom, to: rangeTo, loadedFrom: null };
  const times = entries.map((entry) => Date.parse(entry.at));
  const oldest = Math.min(...times);
  const newest = Math.max(...times);
  const span = Math.max(newest - oldest, 10_000);
  const from = Math.max(rangeFrom, oldest - span * 0.06);
  const to = Math.min(rangeTo, newest + span * 0.06);
  return { from, to: Math.max(to, newest), loadedFrom: allLoaded ? null : oldest };
}

/**
 * Marker x positions kept at least `minGap` apart (in order), so moments seconds apart stay
 * readable; each keeps its exact time in its tooltip. Falls back to true positions when they
 * cannot all fit.
 */
export function spreadPositions(xs: readonly number[], minGap: number, left: number, right: number): number[] {
  if (xs.length < 2 || (xs.length - 1) * minGap > right - left) return [...xs];
  const out = [...xs];
  for (let i = 1; i < out.length; i += 1) out[i] = Math.max(out[i] as number, (out[i - 1] as number) + minGap);
  if ((out.at(-1) as number) > right) {
    out[out.length - 1] = right;
    for (let i = out.length - 2; i >= 0; i -= 1) out[i] = Math.min(out[i] as number, (out[i + 1] as number) - minGap);
  }
  return out.map((x) => Math.max(left, x));
}
