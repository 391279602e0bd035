import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { FactorDeskError } from '../../../contract';
import { writeJsonFileAtomically } from '../storage';
import { emptySettings, settingsSchema, type Settings } from './settings-schema';

export const SETTINGS_FILE = 'settings.json';

export interface SettingsStore {
  readonly path: string;
  /** The current settings (loaded on first use). Throws SETTINGS_ERROR when the file cannot be read at all. */
  read(): Promise<Settings>;
  /** If the file was corrupt and has been moved aside, the SETTINGS_ERROR saying so (handed out once). */
  takeLoadProblem(): Promise<FactorDeskError | undefined>;
  /** Apply a change and write it to disk before resolving; concurrent updates are serialized. */
  update(change: (settings: Settings) => Settings): Promise<Settings>;
}

function errnoCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

/**
 * Settings (never tokens) in `<dataDir>/settings.json`. A file that is not valid JSON or not
 * in our shape is moved aside to `settings.json.corrupt-<time>` (kept, not deleted), the app
 * carries on with empty settings, and `takeLoadProblem` hands out a SETTINGS_ERROR once so the
 * agent learns why their orgs vanished and where the old file is.
 */
export function createSettingsStore(dataDir: string, now: () => Date = () => new Date()): SettingsStore {
  const path = join(dataDir, SETTINGS_FILE);
  let current: Settings | undefined;
  let pendingNotice: FactorDeskError | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  async function quarantine(reason: string): Promise<void> {
    const stamp = now().toISOString().replace(/[:.]/g, '-');
    const keptAt = `${path}.corrupt-${stamp}`;
    try {
      await rename(path, keptAt);
    } catch (error) {
      // Carrying on would overwrite the damaged file at the next save: stop and say where it is.
      throw new FactorDeskError({
        code: 'SETTINGS_ERROR',
        message: `FactorDesk's settings file ${path} could not be read (${reason}), and it could not be moved aside (${errnoCode(error) ?? 'unknown error'}).`,
        action: 'Move or delete that file yourself (it holds no tokens), check its folder is writable, then restart FactorDesk.',
      });
    }
    pendingNotice = new FactorDeskError({
      code: 'SETTINGS_ERROR',
      message: `FactorDesk's settings file could not be read (${reason}). It was kept as ${keptAt} and FactorDesk started with no saved orgs.`,
      action: 'Add your orgs again. Tokens saved in the system keychain are still there under "FactorDesk".',
    });
  }

  async function load(): Promise<Settings> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return emptySettings();
      throw new FactorDeskError({
        code: 'SETTINGS_ERROR',
        message: `FactorDesk cannot read its settings file ${path} (${errnoCode(error) ?? 'unknown error'}).`,
        action: 'Check that the file and its folder belong to you and are readable, then try again.',
      });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      await quarantine('it is not valid JSON');
      return emptySettings();
    }
    const parsed = settingsSchema.safeParse(json);
    if (!parsed.success) {
      await quarantine('it is not in the expected format');
      return emptySettings();
    }
    return parsed.data;
  }

  async function read(): Promise<Settings> {
    current ??= await load();
    return current;
  }

  async function takeLoadProblem(): Promise<FactorDeskError | undefined> {
    await read();
    const notice = pendingNotice;
    pendingNotice = undefined;
    return notice;
  }

  async function write(settings: Settings): Promise<void> {
    try {
      await writeJsonFileAtomically(path, settings, { pretty: true });
    } catch (error) {
      throw new FactorDeskError({
        code: 'SETTINGS_ERROR',
        message: `FactorDesk could not save its settings to ${path} (${errnoCode(error) ?? 'unknown error'}).`,
        action: 'Check there is free disk space and that the folder is writable, then try again.',
      });
    }
  }

  function update(change: (settings: Settings) => Settings): Promise<Settings> {
    const next = queue.then(async () => {
      current ??= await load();
      const changed = settingsSchema.parse(change(structuredClone(current)));
      await write(changed);
      current = changed;
      return changed;
    });
    queue = next.catch(() => undefined);
    return next;
  }

  return { path, read, takeLoadProblem, update };
}
