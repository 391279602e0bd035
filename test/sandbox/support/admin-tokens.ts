import type { RunningSandbox } from '../../../sandbox/index';
import { sandboxClient, type Json } from './client';

export interface MintedToken {
  token: string;
  id: string;
  userId: string;
  login: string;
  roles: Json[];
}

/** Mints an API token through the control API (`POST /sandbox/v1/tokens`), failing the test when the sandbox refuses. */
export async function mintToken(sandbox: RunningSandbox, request: { login: string; roles?: unknown[]; groupIds?: string[]; name?: string }): Promise<MintedToken> {
  const response = await sandboxClient(sandbox).post<MintedToken & Json>('/sandbox/v1/tokens', request);
  if (response.status !== 200) throw new Error(`minting a token for ${request.login} answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body;
}

/** The seeded admins, by the role each one holds (docs/sandbox.md). */
export const SEEDED_ADMIN_LOGINS = {
  superAdmin: 'sam.shaw@example.org',
  orgAdmin: 'orla.ortiz@example.org',
  helpDesk: 'hana.hughes@example.org',
  readOnlyAdmin: 'remy.reed@example.org',
} as const;
