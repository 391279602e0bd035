import type { BulkJobView } from '../../../contract';
import type { bulkMethods } from '../../../contract/bulk';
import type { AuditJournal } from '../audit';
import type { ActiveOrg, Connections, EmitEvent, Feature } from '../feature-context';
import { findGroups } from '../okta/resources';
import { BulkJobs } from './bulk-jobs';

export type BulkMethodName = keyof typeof bulkMethods;

export interface BulkFeatureDeps {
  dataDir: string;
  agent: string;
  now(): Date;
  connections: Connections;
  auditJournal: Pick<AuditJournal, 'append'>;
  /** The selected org, or a saved org by id (a job stays with the org it was started in). */
  orgSession(orgId?: string): Promise<ActiveOrg>;
  emit: EmitEvent;
  log?(message: string, error?: unknown): void;
}

/**
 * Bulk jobs behind the bridge. Progress goes to every window that started, steered or opened the
 * job (after a reload, listing the jobs is enough); jobs keep running when a window closes, and
 * when FactorDesk quits they stop between rows and read as interrupted, ready to resume.
 */
export function createBulkFeature(deps: BulkFeatureDeps): Feature<BulkMethodName> {
  const watchers = new Map<string, Set<string>>();
  const watch = (jobId: string, clientId: string): void => {
    let clients = watchers.get(jobId);
    if (!clients) watchers.set(jobId, (clients = new Set()));
    clients.add(clientId);
  };
  const jobs = new BulkJobs({
    dataDir: deps.dataDir,
    agent: deps.agent,
    now: deps.now,
    auditJournal: deps.auditJournal,
    orgSession: deps.orgSession,
    ...(deps.log ? { log: deps.log } : {}),
    onChange: (view: BulkJobView) => {
      for (const clientId of watchers.get(view.id) ?? []) deps.emit(clientId, 'bulkJobProgress', view);
    },
  });
  const watched = async (clientId: string, view: Promise<BulkJobView>): Promise<BulkJobView> => {
    const result = await view;
    watch(result.id, clientId);
    return result;
  };

  return {
    handlers: {
      findBulkGroups: async ({ query }) =>
        (await findGroups(deps.connections.active().client, query)).map((group) => ({
          id: group.id,
          name: group.profile.name,
          description: group.profile.description ?? null,
          usersCount: group._embedded?.stats?.usersCount ?? null,
        })),
      dryRunBulkJob: ({ input, operation, params }, { clientId }) => watched(clientId, jobs.dryRun(input, operation, params)),
      listBulkJobs: async (_input, { clientId }) => {
        const views = await jobs.list();
        for (const view of views) watch(view.id, clientId);
        return views;
      },
      getBulkJob: async ({ jobId }, { clientId }) => {
        const detail = await jobs.detail(jobId);
        watch(jobId, clientId);
        return detail;
      },
      startBulkJob: ({ jobId, ...confirmation }, { clientId }) => watched(clientId, jobs.start(jobId, confirmation)),
      pauseBulkJob: ({ jobId }, { clientId }) => watched(clientId, jobs.pause(jobId)),
      resumeBulkJob: ({ jobId }, { clientId }) => watched(clientId, jobs.resume(jobId)),
      cancelBulkJob: ({ jobId }, { clientId }) => watched(clientId, jobs.cancel(jobId)),
      exportBulkJob: ({ jobId }) => jobs.exportResults(jobId),
    },
    clientClosed(clientId) {
      for (const clients of watchers.values()) clients.delete(clientId);
    },
    close: () => jobs.close(),
  };
}
