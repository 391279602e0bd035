import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { BridgeErrorData, ConnectionTestResult, KeychainStatus, MethodInput, OrgSummary } from '../../../contract';
import { call } from '../bridge';
import { toErrorData } from '../lib/errors';

export type SaveOrgInput = MethodInput<'saveOrg'>;
export type TestConnectionInput = MethodInput<'testConnection'>;

/** The org connections: which exist, which one the agent works in, and whether the keychain can hold tokens. */
export const useOrgsStore = defineStore('orgs', () => {
  const orgs = ref<OrgSummary[]>([]);
  const activeOrgId = ref<string | null>(null);
  const keychain = ref<KeychainStatus>({ available: true });
  const loaded = ref(false);
  const loadError = ref<BridgeErrorData | null>(null);
  const connectingSandbox = ref(false);
  const sandboxError = ref<BridgeErrorData | null>(null);

  const activeOrg = computed(() => orgs.value.find((org) => org.id === activeOrgId.value) ?? null);
  const hasOrgs = computed(() => orgs.value.length > 0);

  async function load(): Promise<void> {
    try {
      const list = await call('listOrgs', {});
      orgs.value = list.orgs;
      activeOrgId.value = list.activeOrgId;
      keychain.value = list.keychain;
      loadError.value = null;
    } catch (error) {
      loadError.value = toErrorData(error);
    } finally {
      loaded.value = true;
    }
  }

  async function select(id: string): Promise<void> {
    const org = await call('selectOrg', { id });
    replace(org);
    activeOrgId.value = org.id;
  }

  /** Add or edit an org; a newly added org becomes the active one, since the agent added it to work in it. */
  async function save(input: SaveOrgInput): Promise<OrgSummary> {
    const saved = await call('saveOrg', input);
    if (!input.id) await call('selectOrg', { id: saved.id });
    await load();
    return saved;
  }

  async function remove(id: string): Promise<void> {
    await call('removeOrg', { id });
    await load();
  }

  function testConnection(input: TestConnectionInput): Promise<ConnectionTestResult> {
    return call('testConnection', input);
  }

  /**
   * One click: start the local sandbox org (if needed) and work in it. Resolves with the org, which
   * waits for the agent to sign in when it is connected with "Sign in with Okta" (the default).
   */
  async function connectSandbox(): Promise<OrgSummary | null> {
    connectingSandbox.value = true;
    sandboxError.value = null;
    try {
      const org = await call('connectSandbox', {});
      await load();
      return org;
    } catch (error) {
      sandboxError.value = toErrorData(error);
      return null;
    } finally {
      connectingSandbox.value = false;
    }
  }

  function replace(org: OrgSummary): void {
    const index = orgs.value.findIndex((existing) => existing.id === org.id);
    if (index >= 0) orgs.value.splice(index, 1, org);
    else orgs.value.push(org);
  }

  return {
    orgs,
    activeOrgId,
    activeOrg,
    hasOrgs,
    keychain,
    loaded,
    loadError,
    connectingSandbox,
    sandboxError,
    load,
    select,
    save,
    remove,
    testConnection,
    connectSandbox,
  };
});
