import { AsyncEntry, type EntryOptions } from '@napi-rs/keyring';
import { FactorDeskError, type KeychainStatus } from '../../../contract';
import type { SecretStore } from './secret-store';

/** The keychain service name; entries are keytar-compatible (service + account = org id). */
export const KEYCHAIN_SERVICE = 'FactorDesk';
const PROBE_ACCOUNT = 'factordesk-availability-probe';

/**
 * On Linux, require the Secret Service. Left to itself the binding silently falls back to the
 * kernel keyutils keyring, which is memory-only and forgets tokens on reboot: that is not what
 * "saved in the keychain" promises. Without a Secret Service we say so and offer session-only.
 */
const ENTRY_OPTIONS: EntryOptions = { linux: { store: 'secret-service' } };

export interface KeychainStoreOptions {
  service?: string;
}

/**
 * Keyring errors can quote the platform's message; keep only what helps and never the secret we
 * passed in (scrubbed before shortening, so no prefix of it survives either).
 */
export function keychainErrorDetail(error: unknown, secret?: string): string {
  const text = error instanceof Error ? error.message : String(error);
  const scrubbed = secret ? text.split(secret).join('[redacted]') : text;
  return scrubbed
    .replace(/^(Couldn't access platform storage|Platform failure):\s*/i, '')
    .replace(/\.$/, '')
    .slice(0, 200);
}

function unavailableDetail(reason: string): string {
  if (process.platform === 'linux') {
    return `No usable Secret Service (GNOME Keyring, KWallet) was found: ${reason}. Install and unlock one, or keep tokens for this session only.`;
  }
  return `The system keychain could not be used: ${reason}.`;
}

/**
 * The OS keychain through @napi-rs/keyring (macOS Keychain, Windows Credential Manager,
 * Linux Secret Service). Availability is probed once by writing and deleting a throwaway
 * entry, because reads "succeed" (answering nothing) even when no Secret Service exists.
 */
export function createKeychainSecretStore(options: KeychainStoreOptions = {}): SecretStore {
  const service = options.service ?? KEYCHAIN_SERVICE;
  let probed: Promise<KeychainStatus> | undefined;

  async function probe(): Promise<KeychainStatus> {
    try {
      const entry = new AsyncEntry(service, PROBE_ACCOUNT, ENTRY_OPTIONS);
      await entry.setPassword('probe');
      await entry.deleteCredential();
      return { available: true };
    } catch (error) {
      return { available: false, detail: unavailableDetail(keychainErrorDetail(error)) };
    }
  }

  async function ensureAvailable(): Promise<void> {
    const status = await (probed ??= probe());
    if (!status.available) {
      throw new FactorDeskError({
        code: 'KEYCHAIN_UNAVAILABLE',
        message: status.detail ?? 'The system keychain is not available.',
        action: 'Choose "This session only" to keep the token in memory until FactorDesk quits.',
      });
    }
  }

  function failure(what: string, error: unknown, secret?: string): FactorDeskError {
    return new FactorDeskError({
      code: 'KEYCHAIN_ERROR',
      message: `Could not ${what} the token in the system keychain: ${keychainErrorDetail(error, secret)}.`,
      action: 'Unlock the keychain and try again.',
    });
  }

  return {
    status: () => (probed ??= probe()),
    async get(account) {
      await ensureAvailable();
      try {
        return await new AsyncEntry(service, account, ENTRY_OPTIONS).getPassword();
      } catch (error) {
        throw failure('read', error);
      }
    },
    async set(account, secret) {
      await ensureAvailable();
      try {
        await new AsyncEntry(service, account, ENTRY_OPTIONS).setPassword(secret);
      } catch (error) {
        throw failure('save', error, secret);
      }
    },
    async delete(account) {
      await ensureAvailable();
      try {
        return await new AsyncEntry(service, account, ENTRY_OPTIONS).deleteCredential();
      } catch (error) {
        throw failure('delete', error);
      }
    },
  };
}
