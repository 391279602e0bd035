// The window's side of "Sign in with Okta" against a fake bridge: it opens the sign-in page (unless
// main did), waits for main, refreshes the org list, and says why a sign-in did not complete.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { SignInStarted } from '../../../contract';
import { useSignInStore } from '../../../renderer/src/orgs/sign-in-store';
import { useFakeBridge } from '../support/fake-bridge';
import { org } from '../support/fixtures';

const bridge = useFakeBridge();
const opened = vi.fn();

beforeEach(() => {
  opened.mockReset();
  (window as unknown as { open: typeof opened }).open = opened;
});

const started = (openedInBrowser = false): SignInStarted => ({
  signInId: '7d3c2b1a-0f9e-4d8c-b7a6-5f4e3d2c1b0a',
  authorizationUrl: 'https://acme.okta.com/oauth2/v1/authorize?client_id=0oa1&state=s',
  openedInBrowser,
  expiresAt: '2030-01-01T00:00:00.000Z',
});
const list = { orgs: [org('acme', 'Acme')], activeOrgId: 'acme', keychain: { available: true } };

describe('the sign-in store', () => {
  it('opens the sign-in page in a new tab without a way back, waits for main, and refreshes the orgs', async () => {
    const signIn = useSignInStore();
    const done = signIn.signIn('acme');
    expect(bridge.next('startSignIn').input).toEqual({ id: 'acme', stepUp: false });
    await bridge.next('startSignIn').answer(started());
    expect(opened).toHaveBeenCalledWith('https://acme.okta.com/oauth2/v1/authorize?client_id=0oa1&state=s', '_blank', 'noopener,noreferrer');
    expect(signIn.pending).toMatchObject({ orgId: 'acme', stepUp: false, signInId: started().signInId });
    expect(bridge.next('finishSignIn').input).toEqual({ signInId: started().signInId });
    await bridge.next('finishSignIn').answer({ ...org('acme', 'Acme'), agent: { name: 'Ada', login: 'ada@acme.com', signedInAt: null } });
    await bridge.next('listOrgs').answer(list);
    expect(await done).toBe(true);
    expect(signIn.pending).toBeNull();
    expect(signIn.failure).toBeNull();
  });

  it('leaves the page to the desktop app when main opened it, and asks for a step-up', async () => {
    const signIn = useSignInStore();
    const done = signIn.signIn('acme', { stepUp: true });
    expect(bridge.next('startSignIn').input).toEqual({ id: 'acme', stepUp: true });
    await bridge.next('startSignIn').answer(started(true));
    expect(opened).not.toHaveBeenCalled();
    await bridge.next('finishSignIn').fail({ code: 'SIGN_IN_REQUIRED', message: 'The sign-in did not complete: Okta refused it.' });
    await bridge.next('listOrgs').answer(list);
    expect(await done).toBe(false);
    expect(signIn.failure).toMatchObject({ error: { code: 'SIGN_IN_REQUIRED', message: 'The sign-in did not complete: Okta refused it.' } });
  });

  it('cancels quietly: main is told, nothing is shown as failed', async () => {
    const signIn = useSignInStore();
    const done = signIn.signIn('acme');
    await bridge.next('startSignIn').answer(started());
    void signIn.cancel();
    expect(signIn.pending).toBeNull();
    expect(bridge.next('cancelSignIn').input).toEqual({ signInId: started().signInId });
    await bridge.next('cancelSignIn').answer(null);
    await bridge.next('finishSignIn').fail({ code: 'CANCELLED', message: 'The sign-in was cancelled.' });
    await bridge.next('listOrgs').answer(list);
    expect(await done).toBe(false);
    expect(signIn.failure).toBeNull();
  });
});
