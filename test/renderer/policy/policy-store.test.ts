// The policy store against a fake bridge: what it locks, which connection methods it allows, the
// invalid file the blocking screen shows, and the rules in an agent's words.
import { describe, expect, it } from 'vitest';
import type { PolicyRules } from '../../../contract';
import { usePolicyStore } from '../../../renderer/src/policy/policy-store';
import { allowedOrgsWords, ruleLines } from '../../../renderer/src/policy/policy-words';
import { useFakeBridge } from '../support/fake-bridge';

const bridge = useFakeBridge();

const defaults: PolicyRules = {
  allowedOrgs: null,
  allowSandbox: true,
  allowedConnectionMethods: ['oauth', 'service', 'ssws'],
  callerVerification: { required: true, windowMinutes: 10 },
  stepUpMaxAgeMinutes: 15,
};

describe('the policy store', () => {
  it("without a policy file: nothing locked, every method allowed (main's defaults)", async () => {
    const policy = usePolicyStore();
    expect(policy.allows('ssws')).toBe(true); // before it loads: nothing is hidden that main would allow
    void policy.load();
    await bridge.next('getPolicy').answer({ state: 'default', path: '/etc/factordesk/policy.json', rules: defaults, locked: [] });
    expect(policy.loaded).toBe(true);
    expect(policy.managed).toBe(false);
    expect(policy.invalid).toBeNull();
    expect(policy.isLocked('callerVerification.required')).toBe(false);
    expect(policy.allows('ssws')).toBe(true);
    expect(policy.allowSandbox).toBe(true);
  });

  it('with a policy file: locks exactly what it set and allows only its methods', async () => {
    const policy = usePolicyStore();
    void policy.load();
    await bridge.next('getPolicy').answer({
      state: 'managed',
      path: '/etc/factordesk/policy.json',
      rules: { ...defaults, allowSandbox: false, allowedConnectionMethods: ['oauth'], callerVerification: { required: false, windowMinutes: 10 } },
      locked: ['allowSandbox', 'allowedConnectionMethods', 'callerVerification.required'],
    });
    expect(policy.managed).toBe(true);
    expect(policy.isLocked('callerVerification.required')).toBe(true);
    expect(policy.isLocked('callerVerification.windowMinutes')).toBe(false);
    expect(policy.allows('ssws')).toBe(false);
    expect(policy.allows('oauth')).toBe(true);
    expect(policy.allowSandbox).toBe(false);
  });

  it('with an invalid file: its message and problems for the blocking screen, and no rules', async () => {
    const policy = usePolicyStore();
    void policy.load();
    const message = "Your organization's FactorDesk policy at /etc/factordesk/policy.json is invalid: allowSandbox: must be true or false (found \"no\"). Ask your IT team.";
    await bridge.next('getPolicy').answer({ state: 'invalid', path: '/etc/factordesk/policy.json', message, problems: ['allowSandbox: must be true or false (found "no")'] });
    expect(policy.invalid?.message).toBe(message);
    expect(policy.rules).toBeNull();
    expect(policy.isLocked('allowSandbox')).toBe(false);
  });

  it('keeps a failed read in `loadError`, loaded all the same', async () => {
    const policy = usePolicyStore();
    void policy.load();
    await bridge.next('getPolicy').fail({ code: 'INTERNAL', message: 'The console could not finish that request.' });
    expect(policy.loaded).toBe(true);
    expect(policy.loadError).toMatchObject({ code: 'INTERNAL' });
  });
});

describe('the rules in words', () => {
  it('says which orgs, which ways to connect, and who decides about caller verification', () => {
    expect(allowedOrgsWords(null)).toBe('Any Okta org');
    expect(allowedOrgsWords([])).toBe('None: only the sandbox org, if it is allowed');
    expect(allowedOrgsWords(['https://acme.okta.com', 'https://acme.oktapreview.com'])).toBe('acme.okta.com, acme.oktapreview.com');

    const unlocked = ruleLines(defaults, () => false);
    expect(unlocked.map((line) => [line.field, line.value])).toEqual([
      ['allowedOrgs', 'Any Okta org'],
      ['allowSandbox', 'Allowed'],
      ['allowedConnectionMethods', 'Sign in with Okta, Service app, API token (legacy)'],
      ['callerVerification.required', "Each org's own setting (on unless turned off in the org's connection)"],
      ['callerVerification.windowMinutes', '10 minutes'],
      ['stepUpMaxAgeMinutes', 'When the last sign-in is older than 15 minutes'],
    ]);
    const locked = ruleLines({ ...defaults, callerVerification: { required: false, windowMinutes: 1 }, stepUpMaxAgeMinutes: 0 }, () => true);
    expect(locked.find((line) => line.field === 'callerVerification.required')?.value).toBe('Not required (a failed check still requires a recorded one)');
    expect(locked.find((line) => line.field === 'callerVerification.windowMinutes')?.value).toBe('1 minute');
    expect(locked.find((line) => line.field === 'stepUpMaxAgeMinutes')?.value).toBe('Every time');
  });
});
