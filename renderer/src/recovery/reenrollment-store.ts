import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { BridgeErrorData, Reenrollment, ReenrollmentStatusEvent } from '../../../contract';
import { call, onEvent } from '../bridge';
import { toErrorData } from '../lib/errors';

export interface WatchedUser {
  userId: string;
  watchId: string | null;
  since: string;
  until: string | null;
  state: 'starting' | 'watching' | 'stopped' | 'error';
  enrollments: Reenrollment[];
  /** Why it stopped or could not start; polls failing and being retried while watching. */
  error: BridgeErrorData | null;
  reason: string | null;
}

/**
 * Watches for users' re-enrollment after a reset or a temporary access code (one per user, newest
 * wins), as main reports them (`reenrollmentStatus`). Kept per user, so going back to a user shows
 * what was seen meanwhile; `enrolled` tells listeners (the user page refreshes the factors).
 */
export const useReenrollmentStore = defineStore('reenrollment', () => {
  const watched = ref<Record<string, WatchedUser>>({});
  const listeners = new Set<(userId: string) => void>();

  const byWatch = (watchId: string): WatchedUser | undefined => Object.values(watched.value).find((entry) => entry.watchId === watchId);
  /** Events for a watch whose start call has not answered yet (main may report first). */
  const early = new Map<string, ReenrollmentStatusEvent[]>();

  function apply(entry: WatchedUser, event: ReenrollmentStatusEvent): void {
    if (event.state === 'ENROLLED' && event.enrollment) {
      entry.enrollments.push(event.enrollment);
      for (const listener of listeners) listener(entry.userId);
    }
    if (event.state === 'WATCHING') entry.error = event.error;
    if (event.state === 'STOPPED') {
      entry.state = 'stopped';
      entry.reason = event.reason;
    }
    if (event.state === 'ERROR') {
      entry.state = 'error';
      entry.error = event.error;
    }
  }

  onEvent('reenrollmentStatus', (event) => {
    const entry = byWatch(event.watchId);
    if (entry) apply(entry, event);
    else early.set(event.watchId, [...(early.get(event.watchId) ?? []), event].slice(-20));
  });

  /** Start watching `userId` for enrollments after `since` (a reset's or a code's time); a watch of them already running is replaced. */
  async function watch(userId: string, since: string): Promise<void> {
    const previous = watched.value[userId];
    if (previous?.watchId && previous.state === 'watching') void stopQuietly(previous.watchId);
    const entry: WatchedUser = { userId, watchId: null, since, until: null, state: 'starting', enrollments: [], error: null, reason: null };
    watched.value = { ...watched.value, [userId]: entry };
    const current = () => watched.value[userId];
    try {
      const started = await call('watchReenrollment', { userId, since });
      const live = current();
      if (!live || live.since !== since) {
        void stopQuietly(started.watchId);
        return;
      }
      live.watchId = started.watchId;
      live.until = started.until;
      live.state = 'watching';
      for (const event of early.get(started.watchId) ?? []) apply(live, event);
      early.delete(started.watchId);
    } catch (error) {
      const live = current();
      if (live) {
        live.state = 'error';
        live.error = toErrorData(error);
      }
    }
  }

  async function stop(userId: string): Promise<void> {
    const entry = watched.value[userId];
    if (!entry?.watchId) return;
    await stopQuietly(entry.watchId);
  }

  /** Forget what was seen for a user (the agent dismissed it). */
  function dismiss(userId: string): void {
    const entry = watched.value[userId];
    if (entry?.watchId && entry.state === 'watching') void stopQuietly(entry.watchId);
    const { [userId]: _dismissed, ...rest } = watched.value;
    watched.value = rest;
  }

  function onEnrolled(listener: (userId: string) => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  return { watched, watch, stop, dismiss, onEnrolled };
});

async function stopQuietly(watchId: string): Promise<void> {
  try {
    await call('stopReenrollmentWatch', { watchId });
  } catch {
    // Main also stops it when the window closes, and by itself after half an hour.
  }
}
