import type { Org } from '../org';
import type { GroupRecord } from './groups';

/**
 * The Group object as Okta's examples show it (group-example): dates, `objectClass`, `type`, the
 * name and description, and `logo` (medium, large), `users` and `apps` links; `expand=stats` adds
 * `_embedded.stats` with the member count.
 */
export function groupJson(org: Org, group: GroupRecord, stats = false): Record<string, unknown> {
  const self = org.url(`/api/v1/groups/${group.id}`);
  return {
    id: group.id,
    created: org.clock.iso(group.created),
    lastUpdated: org.clock.iso(group.lastUpdated),
    lastMembershipUpdated: org.clock.iso(group.lastMembershipUpdated),
    objectClass: ['okta:user_group'],
    type: group.type,
    profile: { name: group.name, description: group.description },
    _links: {
      logo: [
        { name: 'medium', href: org.url('/img/logos/groups/okta-medium.png'), type: 'image/png' },
        { name: 'large', href: org.url('/img/logos/groups/okta-large.png'), type: 'image/png' },
      ],
      users: { href: `${self}/users` },
      apps: { href: `${self}/apps` },
    },
    ...(stats ? { _embedded: { stats: { usersCount: org.groups.memberCount(group), appsCount: 0, groupPushMappingsCount: 0 } } } : {}),
  };
}
