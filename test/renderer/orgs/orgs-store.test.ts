// The org connections store against a fake bridge: what it lists, which org is active, and where
// each failure is shown.
import { describe, expect, it } from 'vitest';
import { useOrgsStore } from '../../../renderer/src/orgs/orgs-store';
import { useFakeBridge } from '../support/fake-bridge';
import { org } from '../support/fixtures';

const bridge = useFakeBridge();

describe('the orgs store', () => {
  it('lists the orgs, the active one and the keychain status', async () => {
    const orgs = useOrgsStore();
    void orgs.load();
    expect(orgs.loaded).toBe(false);
    await bridge.next('listOrgs').answer({ orgs: [org('acme'), org('initech')], activeOrgId: 'initech', keychain: { available: false, detail: 'No Secret Service' } });
    expect(orgs.loaded).toBe(true);
    expect(orgs.activeOrg?.id).toBe('initech');
    expect(orgs.keychain).toEqual({ available: false, detail: 'No Secret Service' });
  });

  it('shows a failed load in `loadError` and is loaded all the same (the screen can say so)', async () => {
    const orgs = useOrgsStore();
    void orgs.load();
    await bridge.next('listOrgs').fail({ code: 'SETTINGS_ERROR', message: 'settings.json is unreadable.' });
    expect(orgs.loaded).toBe(true);
    expect(orgs.loadError).toMatchObject({ code: 'SETTINGS_ERROR' });
    expect(orgs.hasOrgs).toBe(false);
  });

  it('makes a newly added org the active one', async () => {
    const orgs = useOrgsStore();
    const saving = orgs.save({ name: 'Acme', url: 'https://acme.okta.com', token: 'token', tokenStorage: 'keychain', requireCallerVerification: true });
    await bridge.next('saveOrg').answer(org('acme', 'Acme'));
    expect(bridge.next('selectOrg').input).toEqual({ id: 'acme' });
    await bridge.next('selectOrg').answer(org('acme', 'Acme'));
    await bridge.next('listOrgs').answer({ orgs: [org('acme', 'Acme')], activeOrgId: 'acme', keychain: { available: true } });
    expect((await saving).id).toBe('acme');
    expect(orgs.activeOrgId).toBe('acme');
  });

  it('shows a failed sandbox start in `sandboxError` and stops showing it as connecting', async () => {
    const orgs = useOrgsStore();
    void orgs.connectSandbox();
    expect(orgs.connectingSandbox).toBe(true);
    await bridge.next('connectSandbox').fail({ code: 'INTERNAL', message: 'The sandbox org did not start.' });
    expect(orgs.sandboxError).toMatchObject({ message: 'The sandbox org did not start.' });
    expect(orgs.connectingSandbox).toBe(false);
    expect(bridge.count('listOrgs')).toBe(0);
  });
});
