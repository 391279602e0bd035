import { z } from 'zod';
import { oktaFactorSchema, oktaUserSchema, type OktaClient, type OktaFactor, type OktaUser } from '../okta';
import { seg } from './links';

export const userPath = (userId: string): string => `/api/v1/users/${seg(userId)}`;
export const factorsPath = (userId: string): string => `${userPath(userId)}/factors`;
export const factorPath = (userId: string, factorId: string): string => `${factorsPath(userId)}/${seg(factorId)}`;

export async function getUser(client: OktaClient, userId: string, signal?: AbortSignal): Promise<OktaUser> {
  return (await client.request({ method: 'GET', path: userPath(userId), schema: oktaUserSchema, signal })).data;
}

export async function getFactor(client: OktaClient, userId: string, factorId: string): Promise<OktaFactor> {
  return (await client.request({ method: 'GET', path: factorPath(userId, factorId), schema: oktaFactorSchema })).data;
}

export async function listUserFactors(client: OktaClient, userId: string): Promise<OktaFactor[]> {
  return (await client.request({ method: 'GET', path: factorsPath(userId), schema: z.array(oktaFactorSchema) })).data;
}
