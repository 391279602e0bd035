import type { orgMethods } from '../../../contract/orgs';
import type { Feature } from '../feature-context';
import type { OrgService } from './org-service';

export type OrgMethodName = keyof typeof orgMethods;

/** The bridge face of org connections. */
export function createOrgsFeature(orgs: OrgService): Feature<OrgMethodName> {
  return {
    handlers: {
      listOrgs: () => orgs.list(),
      saveOrg: (input) => orgs.save(input),
      removeOrg: ({ id }) => orgs.remove(id),
      selectOrg: ({ id }) => orgs.select(id),
      testConnection: (input) => orgs.testConnection(input),
      connectSandbox: () => orgs.connectSandbox(),
    },
    close: () => orgs.close(),
  };
}
