import type { SecretStore } from './secret-store';

/** Tokens for this session only: held in memory, gone when the app quits. Never written anywhere. */
export function createSessionSecretStore(): SecretStore {
  const secrets = new Map<string, string>();
  return {
    status: () => Promise.resolve({ available: true }),
    get: (account) => Promise.resolve(secrets.get(account) ?? null),
    set: (account, secret) => {
      secrets.set(account, secret);
      return Promise.resolve();
    },
    delete: (account) => Promise.resolve(secrets.delete(account)),
  };
}
