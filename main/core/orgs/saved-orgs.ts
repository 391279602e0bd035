import type { FactorDeskError, OrgConnection, OrgMarker, OrgProblem, OrgSummary, SignedInAgent } from '../../../contract';
import { DEFAULT_MARKER, PRACTICE_MARKER } from '../../../contract/org-marker';
import type { SavedOrg, Settings } from '../settings/settings-schema';
import type { SettingsStore } from '../settings/settings-store';
import { noSuchOrg } from './org-errors';

/** The connection's public parameters, as the bridge shows them. */
export function connectionOf(org: SavedOrg): OrgConnection {
  const { connection } = org;
  return connection.method === 'ssws'
    ? { method: 'ssws', clientId: null, scopes: [] }
    : { method: connection.method, clientId: connection.clientId, scopes: [...connection.scopes] };
}

/** The band an org is shown with: the practice org's own, else the agent's choice, else red "Production". */
export function markerOf(org: SavedOrg): OrgMarker {
  if (org.kind === 'sandbox') return { ...PRACTICE_MARKER, practice: true };
  return { ...(org.marker ?? DEFAULT_MARKER), practice: false };
}

/** An org as the bridge shows it: what is saved, whether FactorDesk has its credential, who is signed in, and what needs attention. */
export function orgSummary(org: SavedOrg, hasToken: boolean, problem?: OrgProblem, agent: SignedInAgent | null = null): OrgSummary {
  return {
    id: org.id,
    name: org.name,
    url: org.url,
    customDomain: org.customDomain ?? null,
    kind: org.kind,
    tokenStorage: org.tokenStorage,
    connection: connectionOf(org),
    hasToken,
    agent: hasToken ? agent : null,
    requireCallerVerification: org.requireCallerVerification,
    marker: markerOf(org),
    phoneRegion: org.phoneRegion ?? null,
    ...(problem ? { problem } : {}),
  };
}

/**
 * The saved orgs and which one is selected, in the settings file (never a secret). A copy of the
 * last settings seen answers `selected()` synchronously, for every bridge call that needs the org.
 */
export class SavedOrgs {
  private snapshot: Settings | undefined;

  constructor(private readonly store: SettingsStore) {}

  /** If the settings file was corrupt and has been moved aside, the error saying so (once). */
  takeLoadProblem(): Promise<FactorDeskError | undefined> {
    return this.store.takeLoadProblem();
  }

  async read(): Promise<Settings> {
    this.snapshot = await this.store.read();
    return this.snapshot;
  }

  /** The saved org with this id; NOT_FOUND when there is none. */
  async find(id: string): Promise<SavedOrg> {
    const org = (await this.read()).orgs.find((candidate) => candidate.id === id);
    if (!org) throw noSuchOrg(id);
    return org;
  }

  /** The selected org as last read, without touching the disk. */
  selected(): SavedOrg | undefined {
    const activeId = this.snapshot?.activeOrgId;
    return activeId ? this.snapshot?.orgs.find((org) => org.id === activeId) : undefined;
  }

  /** Add or replace an org; select it when asked to (or, with `selectIfNone`, when nothing is selected). */
  async put(org: SavedOrg, options: { select?: boolean; selectIfNone?: boolean } = {}): Promise<void> {
    await this.update((current) => {
      const exists = current.orgs.some((candidate) => candidate.id === org.id);
      const orgs = exists ? current.orgs.map((candidate) => (candidate.id === org.id ? org : candidate)) : [...current.orgs, org];
      const activeOrgId = options.select || (options.selectIfNone && !current.activeOrgId) ? org.id : current.activeOrgId;
      return { ...current, orgs, activeOrgId };
    });
  }

  async remove(id: string): Promise<void> {
    await this.update((current) => ({
      ...current,
      orgs: current.orgs.filter((org) => org.id !== id),
      activeOrgId: current.activeOrgId === id ? null : current.activeOrgId,
    }));
  }

  async select(id: string): Promise<void> {
    await this.update((current) => ({ ...current, activeOrgId: id }));
  }

  private async update(change: (settings: Settings) => Settings): Promise<void> {
    this.snapshot = await this.store.update(change);
  }
}
