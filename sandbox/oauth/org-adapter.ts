import type { Adapter, AdapterConstructor, AdapterPayload } from 'oidc-provider';

interface StoredRecord {
  payload: AdapterPayload;
  /** Real time (ms): oidc-provider computes every lifetime from `Date.now()`. */
  expiresAt: number;
}

/**
 * The org authorization server's storage: codes, tokens, grants, sessions and interactions of
 * one org, in plain maps. Why not oidc-provider's built-in MemoryAdapter: it is one process-wide
 * LRU (1000 entries) shared by every Provider, so two sandbox orgs in one test worker would share
 * state and a busy test could evict a grant. Clients are not stored here: `clientMetadata` reads
 * them from the org's app registry, so registering or removing an app needs no copy.
 */
export function orgAdapter(clientMetadata: (clientId: string) => AdapterPayload | undefined): AdapterConstructor {
  const records = new Map<string, StoredRecord>();
  const grantMembers = new Map<string, Set<string>>();
  const byUid = new Map<string, string>();
  const byUserCode = new Map<string, string>();

  const live = (key: string): StoredRecord | undefined => {
    const record = records.get(key);
    if (record && record.expiresAt <= Date.now()) {
      records.delete(key);
      return undefined;
    }
    return record;
  };

  return class OrgAdapter implements Adapter {
    constructor(private readonly model: string) {}

    private key(id: string): string {
      return `${this.model}:${id}`;
    }

    async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
      if (this.model === 'Client') throw new Error('Apps are registered through the org\'s app registry, not the provider.');
      const key = this.key(id);
      records.set(key, { payload: structuredClone(payload), expiresAt: typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : Infinity });
      if (payload.grantId) {
        const members = grantMembers.get(payload.grantId) ?? new Set<string>();
        members.add(key);
        grantMembers.set(payload.grantId, members);
      }
      if (payload.uid) byUid.set(`${this.model}:${payload.uid}`, id);
      if (payload.userCode) byUserCode.set(`${this.model}:${payload.userCode}`, id);
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      if (this.model === 'Client') return clientMetadata(id);
      const record = live(this.key(id));
      return record ? structuredClone(record.payload) : undefined;
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      const id = byUid.get(`${this.model}:${uid}`);
      return id === undefined ? undefined : this.find(id);
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      const id = byUserCode.get(`${this.model}:${userCode}`);
      return id === undefined ? undefined : this.find(id);
    }

    async consume(id: string): Promise<void> {
      const record = live(this.key(id));
      if (record) record.payload.consumed = Math.floor(Date.now() / 1000);
    }

    async destroy(id: string): Promise<void> {
      records.delete(this.key(id));
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      for (const key of grantMembers.get(grantId) ?? []) records.delete(key);
      grantMembers.delete(grantId);
    }
  };
}
