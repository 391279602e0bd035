// The one list of keyboard shortcuts: no key does two things, and a single key acts only bare
// (Ctrl+T, Cmd+T and Shift+T stay the browser's and the system's).
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type * as Shortcuts from '../../../renderer/src/app/shortcuts';

let registry: typeof Shortcuts;

beforeAll(async () => {
  // lib/platform reads the platform at import; Node before 21 has no navigator.
  vi.stubGlobal('navigator', { platform: 'Linux x86_64' });
  registry = await import('../../../renderer/src/app/shortcuts');
});

const press = (key: string, modifiers: Partial<Pick<KeyboardEvent, 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>> = {}) =>
  ({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...modifiers }) as KeyboardEvent;

describe('the shortcuts', () => {
  it('bind every key to one action', () => {
    const keys = registry.shortcuts.flatMap((shortcut) => shortcut.keys.map((key) => key.toLowerCase()));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('T issues a temporary access code on a user page, as a bare key only', () => {
    const tac = registry.shortcutOf('tac');
    expect(tac).toMatchObject({ keys: ['T'], where: 'user' });
    expect(registry.ariaKeys('tac')).toBe('T');
    expect(registry.isKey(press('t'), 'T')).toBe(true);
    expect(registry.isKey(press('T', { shiftKey: true }), 'T')).toBe(false);
    expect(registry.isKey(press('t', { ctrlKey: true }), 'T')).toBe(false);
    expect(registry.isKey(press('t', { metaKey: true }), 'T')).toBe(false);
    // Which shortcut a press is: T is the code's, and nothing else's.
    expect(registry.shortcuts.filter((shortcut) => shortcut.keys.some((key) => registry.isKey(press('t'), key))).map((shortcut) => shortcut.id)).toEqual(['tac']);
  });
});
