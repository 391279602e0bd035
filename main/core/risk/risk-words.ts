import type { Network, Place } from './log-reading';

// How the card says when and where, in the agent's words and local time (main runs on the agent's
// computer: the Electron app, or the browser shell on loopback).

const dayMs = 86_400_000;

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** The day in words ('' for today, "yesterday", "Mon 12 May") and the time ("10:02"). */
function dayAndTime(at: number, now: Date): { day: string; time: string } {
  const date = new Date(at);
  const time = date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  if (sameDay(date, now)) return { day: '', time };
  if (sameDay(date, new Date(now.getTime() - dayMs))) return { day: 'yesterday', time };
  return { day: date.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' }), time };
}

/** "10:02", "yesterday 16:20", "Mon 12 May 09:12". */
export function whenWords(at: number, now: Date): string {
  const { day, time } = dayAndTime(at, now);
  return day ? `${day} ${time}` : time;
}

/** "10:02–10:09", "yesterday 10:02–10:09" (the day once), or one time when both are the same minute. */
export function spanWords(from: number, to: number, now: Date): string {
  const first = dayAndTime(from, now);
  const last = dayAndTime(to, now);
  if (first.day === last.day) {
    const times = first.time === last.time ? first.time : `${first.time}–${last.time}`;
    return first.day ? `${first.day} ${times}` : times;
  }
  return `${whenWords(from, now)}–${whenWords(to, now)}`;
}

/** "7 minutes", "2 hours". */
export function durationWords(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 90) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  return `${hours} hour${hours === 1 ? '' : 's'}`;
}

/** "Amsterdam, Netherlands". */
export function placeWords(place: Place | null): string | null {
  if (!place) return null;
  return [place.city, place.country].filter(Boolean).join(', ') || null;
}

/** "Example Anonymizer VPN (AS64511)". */
export function networkWords(network: Network): string | null {
  const owner = network.asOrg ?? network.isp;
  if (owner && network.asNumber !== null) return `${owner} (AS${network.asNumber})`;
  if (owner) return owner;
  return network.asNumber !== null ? `AS${network.asNumber}` : null;
}

/** "203.0.113.77 · Amsterdam, Netherlands · Example Anonymizer VPN (AS64511) · anonymizing proxy". */
export function whereWords(place: Place | null, network: Network): string | null {
  const parts = [network.ipAddress, placeWords(place), networkWords(network), network.anonymizer ? 'anonymizing proxy' : null].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : null;
}

export const plural = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;
