/** Path segment for an id the agent gave us: never lets it change the path's shape. */
const segment = (id: string): string => encodeURIComponent(id);

export const usersPath = '/api/v1/users';
export const systemLogPath = '/api/v1/logs';

export const userPath = (userId: string): string => `${usersPath}/${segment(userId)}`;
export const factorsPath = (userId: string): string => `${userPath(userId)}/factors`;
export const factorPath = (userId: string, factorId: string): string => `${factorsPath(userId)}/${segment(factorId)}`;

/** Okta's documented sub-paths of a factor, for when its `_links` do not name the relation. */
const factorActionPaths = { verify: '/verify', activate: '/lifecycle/activate', resend: '/resend' } as const;
export type FactorAction = keyof typeof factorActionPaths;

export const factorActionPath = (userId: string, factorId: string, action: FactorAction): string =>
  `${factorPath(userId, factorId)}${factorActionPaths[action]}`;
