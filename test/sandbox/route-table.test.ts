import { describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox';
import { sandboxClient, type Json } from './support/client';

// Each test starts its own org, so the routes are registered while the test runs: every route of
// the Factors API, the Authentication API and the System Log answers where Okta's would (never the
// 404 of a path nobody serves), with the permission it declares.

async function withOrg(run: (org: RunningSandbox, api: ReturnType<typeof sandboxClient>) => Promise<void>): Promise<void> {
  const org = await startSandbox({ users: 20, seed: 'route-table' });
  try {
    await run(org, sandboxClient(org));
  } finally {
    await org.close();
  }
}

type Link = { href: string };

describe('route table', () => {
  it('the Factors API: every route answers, with its permission', async () => {
    await withOrg(async (org, api) => {
      const anonymous = sandboxClient(org, null);
      const readOnly = sandboxClient(org, org.readOnlyToken);
      const isaac = '/api/v1/users/00ub0oNGTSWTBKOLGLNR/factors';
      const listed = await api.get<Json[]>(isaac);
      expect(listed.status).toBe(200);
      expect(listed.body.map((f) => f.factorType).sort()).toEqual(['push', 'sms']);
      expect((await readOnly.get<Json[]>(isaac)).status).toBe(200);
      expect((await anonymous.get<Json>(isaac)).status).toBe(401);
      expect((await readOnly.get<Json[]>(`${isaac}/catalog`)).body.length).toBe(9);
      expect((await anonymous.get<Json[]>(`${isaac}/questions`)).body.length).toBe(20);
      expect((await readOnly.post<Json>(isaac, { factorType: 'question', provider: 'OKTA' })).status).toBe(403);

      const enrolled = await api.post<Json>(isaac, { factorType: 'push', provider: 'OKTA' });
      expect(enrolled.status).toBe(200);
      const factor = `${isaac}/${enrolled.body.id}`;
      expect((await readOnly.get<Json>(factor)).body.id).toBe(enrolled.body.id);
      expect((await api.post<Json>(`${factor}/lifecycle/activate`)).body.factorResult).toBe('WAITING');
      expect((await api.post<Json>(`${factor}/lifecycle/activate/poll`)).body.factorResult).toBe('WAITING');
      expect((await api.post<Json>(`${factor}/lifecycle/activate/email`, {})).body.factorResult).toBe('WAITING');
      const qr = String((((enrolled.body._embedded as Json).activation as Json)._links as Record<string, Link>).qrcode!.href);
      const png = await fetch(qr);
      expect(png.status).toBe(200);
      expect(png.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await png.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG');
      const qrMissing = await anonymous.get<Json>(qr.replace(/\/qr\/[^/]+$/, '/qr/x'));
      expect(qrMissing.status).toBe(404);
      expect(qrMissing.body).toMatchObject({ errorCode: 'E0000007', errorSummary: 'Not found: Resource not found: x (QRCode)' });

      const sms = listed.body.find((f) => f.factorType === 'sms')!;
      const smsPath = `${isaac}/${sms.id}`;
      expect((await api.post<Json>(`${smsPath}/resend`)).status).toBe(403);
      const challenge = await api.post<Json>(`${smsPath}/verify`);
      expect(challenge.body.factorResult).toBe('CHALLENGE');
      const push = listed.body.find((f) => f.factorType === 'push')!;
      const verify = await api.post<Json>(`${isaac}/${push.id}/verify`);
      expect(verify.status).toBe(201);
      const poll = String((verify.body._links as Record<string, Link>).poll!.href);
      for (const path of [poll, `${poll}/verify`]) expect((await readOnly.get<Json>(path)).body.factorResult).toBe('WAITING');
      expect((await readOnly.del(poll)).status).toBe(403);
      expect((await api.del(`${poll}/verify`)).status).toBe(204);
      expect((await api.get<Json>(poll)).body.factorResult).toBe('REJECTED');
      const other = await api.post<Json>(`${isaac}/${push.id}/verify`);
      expect((await api.del(String((other.body._links as Record<string, Link>).poll!.href))).status).toBe(204);
      expect((await api.del(smsPath)).status).toBe(204);
      expect((await api.get<Json>(smsPath)).status).toBe(404);
    });
  });

  it('the Authentication API and the System Log: every route answers', async () => {
    await withOrg(async (org, api) => {
      const anonymous = sandboxClient(org, null);
      const start = await anonymous.post<Json>('/api/v1/authn', { username: 'dade.murphy@example.org', password: 'GoAw@y123' });
      const stateToken = start.body.stateToken;
      expect((await anonymous.post<Json>('/api/v1/authn', { stateToken })).body.status).toBe('MFA_ENROLL');
      const enrolled = await anonymous.post<Json>('/api/v1/authn/factors', { stateToken, factorType: 'push', provider: 'OKTA' });
      const factorId = String(((enrolled.body._embedded as Json).factor as Json).id);
      const base = `/api/v1/authn/factors/${factorId}`;
      expect((await anonymous.post<Json>(`${base}/lifecycle/activate`, { stateToken })).body.factorResult).toBe('WAITING');
      expect((await anonymous.post<Json>(`${base}/lifecycle/activate/poll`, { stateToken })).status).toBe(202);
      expect((await anonymous.post<Json>(`${base}/lifecycle/activate/email`, { stateToken })).body.factorResult).toBe('WAITING');
      expect((await anonymous.post<Json>(`${base}/lifecycle/activate/fax`, { stateToken })).status).toBe(404);
      expect((await anonymous.post<Json>(`${base}/lifecycle/resend`, { stateToken })).status).toBe(403);
      expect((await anonymous.post<Json>('/api/v1/authn/previous', { stateToken })).body.status).toBe('MFA_ENROLL');
      expect((await anonymous.post<Json>('/api/v1/authn/cancel', { stateToken })).body.status).toBe('UNAUTHENTICATED');

      const isaac = await anonymous.post<Json>('/api/v1/authn', { username: 'isaac@example.org', password: 'GoAw@y123' });
      const push = ((isaac.body._embedded as Json).factors as Json[]).find((f) => f.factorType === 'push')!;
      const verify = `/api/v1/authn/factors/${push.id}/verify`;
      expect((await anonymous.post<Json>(verify, { stateToken: isaac.body.stateToken })).status).toBe(202);
      expect((await anonymous.post<Json>(`${verify}/resend`, { stateToken: isaac.body.stateToken })).status).toBe(202);

      const logs = await api.get<Json[]>('/api/v1/logs?limit=2');
      expect(logs.status).toBe(200);
      expect(logs.body).toHaveLength(2);
      expect(logs.headers.get('link')).toMatch(/rel="self"/);
      expect((await sandboxClient(org, org.readOnlyToken).get<Json>('/api/v1/logs')).status).toBe(403);
    });
  });
});
