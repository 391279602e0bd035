// The enroll dialog's "Caller is remote / Caller is here": remote until the agent chooses, their choice
// read from main's settings, and a new choice kept there.
import { describe, expect, it } from 'vitest';
import { useCallerLocationStore } from '../../../renderer/src/workflows/caller-location-store';
import { settled, useFakeBridge } from '../support/fake-bridge';

const bridge = useFakeBridge();

describe('the caller location preference', () => {
  it('is remote until the agent chooses, then what they chose last time', async () => {
    const store = useCallerLocationStore();
    expect(store.location).toBe('remote');
    void store.load();
    await bridge.next('getAgentPreferences').answer({ enrollCallerLocation: 'here' });
    expect(store.location).toBe('here');
    expect(store.loaded).toBe(true);
    // Loaded once per window.
    void store.load();
    expect(bridge.count('getAgentPreferences')).toBe(1);
  });

  it('keeps a new choice in the settings, and shows it at once', async () => {
    const store = useCallerLocationStore();
    void store.choose('here');
    expect(store.location).toBe('here');
    expect(bridge.next('setAgentPreferences').input).toEqual({ enrollCallerLocation: 'here' });
    await bridge.next('setAgentPreferences').fail({ code: 'SETTINGS_ERROR' });
    await settled();
    expect(store.location).toBe('here');
  });
});
