// Reading the machine-wide policy file: today's defaults without one, the rules of a valid one,
// and for an invalid one the exact sentence the blocking screen shows, naming the file, the field
// and the problem.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManagedPolicy, type PolicyLoad } from '../../../main/core/policy';
import { machinePolicyPaths, MACHINE_POLICY_PATHS } from '../../../main/core/policy/policy-location';
import { useTempDirs } from '../../support/temp-dirs';

const tempDir = useTempDirs('policy');

async function policyFile(contents: string | Buffer): Promise<string> {
  const path = join(await tempDir(), 'policy.json');
  await writeFile(path, contents);
  return path;
}

async function load(contents: unknown): Promise<{ path: string; load: PolicyLoad }> {
  const path = await policyFile(typeof contents === 'string' ? contents : JSON.stringify(contents, null, 2));
  return { path, load: loadManagedPolicy([path]) };
}

/** The problems of an invalid file (fails the test when the file was accepted). */
async function problemsOf(contents: unknown): Promise<{ path: string; problems: string[]; message: string }> {
  const { path, load: loaded } = await load(contents);
  if (loaded.ok) throw new Error(`accepted: ${JSON.stringify(contents)}`);
  expect(loaded.invalid.path).toBe(path);
  return { path, problems: loaded.invalid.problems, message: loaded.invalid.message };
}

describe('a missing policy file', () => {
  it("means today's defaults, nothing locked", async () => {
    const path = join(await tempDir(), 'policy.json');
    const loaded = loadManagedPolicy([path]);
    if (!loaded.ok) throw new Error(loaded.invalid.message);
    const { policy } = loaded;
    expect(policy).toMatchObject({
      path,
      managed: false,
      allowedOrgs: null,
      allowSandbox: true,
      allowedConnectionMethods: ['oauth', 'service', 'ssws'],
      callerVerification: { required: true, windowMinutes: 10 },
      stepUpMaxAgeMinutes: 15,
    });
    expect([...policy.setFields]).toEqual([]);
    expect(policy.allows('ssws')).toBe(true);
    expect(policy.allowsOrg('https://anything.okta.com')).toBe(true);
  });

  it('is looked for in each candidate place, the first found winning', async () => {
    const missing = join(await tempDir(), 'policy.json');
    const present = await policyFile('{"allowSandbox": false}');
    const loaded = loadManagedPolicy([missing, present]);
    expect(loaded.ok && loaded.policy).toMatchObject({ path: present, managed: true, allowSandbox: false });
  });
});

describe('a valid policy file', () => {
  it('sets the rules it names, locks exactly those, and keeps the defaults for the rest', async () => {
    const { path, load: loaded } = await load({
      allowedOrgs: ['acme.okta.com', 'https://Acme.oktapreview.com/', 'acme.okta.com'],
      allowedConnectionMethods: ['oauth', 'service'],
      callerVerification: { windowMinutes: 5 },
    });
    if (!loaded.ok) throw new Error(loaded.invalid.message);
    const { policy } = loaded;
    expect(policy).toMatchObject({
      path,
      managed: true,
      allowedOrgs: ['https://acme.okta.com', 'https://acme.oktapreview.com'],
      allowSandbox: true,
      allowedConnectionMethods: ['oauth', 'service'],
      callerVerification: { required: true, windowMinutes: 5 },
      stepUpMaxAgeMinutes: 15,
    });
    expect([...policy.setFields].sort()).toEqual(['allowedConnectionMethods', 'allowedOrgs', 'callerVerification.windowMinutes']);
    expect(policy.isSet('callerVerification.required')).toBe(false);
    expect(policy.allows('ssws')).toBe(false);
    expect(policy.allows('oauth')).toBe(true);
    expect(policy.allowsOrg('https://acme.okta.com')).toBe(true);
    expect(policy.allowsOrg('https://ACME.okta.com:443')).toBe(true);
    expect(policy.allowsOrg('https://evil.okta.com')).toBe(false);
    expect(policy.allowsOrg('https://acme.okta.com.evil.example')).toBe(false);
  });

  it('takes every rule at once, an empty object, and a Windows editor\'s byte order mark', async () => {
    const full = await load({
      allowedOrgs: [],
      allowSandbox: false,
      allowedConnectionMethods: ['ssws'],
      callerVerification: { required: false, windowMinutes: 120 },
      stepUpMaxAgeMinutes: 0,
    });
    expect(full.load.ok && [...full.load.policy.setFields].length).toBe(6);
    expect(full.load.ok && full.load.policy.allowsOrg('https://acme.okta.com')).toBe(false);
    const empty = await load('{}');
    expect(empty.load.ok && empty.load.policy.managed).toBe(true);
    // Notepad starts UTF-8 files with a byte order mark, which is not part of the JSON.
    const bomPath = await policyFile(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"stepUpMaxAgeMinutes": 30}')]));
    const withBom = loadManagedPolicy([bomPath]);
    expect(withBom.ok && withBom.policy.stepUpMaxAgeMinutes).toBe(30);
  });
});

describe('an invalid policy file', () => {
  it('says so in one sentence naming the file, the field and the problem', async () => {
    const { path, message } = await problemsOf({ callerVerification: { windowMinutes: 'ten' } });
    expect(message).toBe(
      `Your organization's FactorDesk policy at ${path} is invalid: callerVerification.windowMinutes: must be a number of minutes (found "ten"). Ask your IT team.`,
    );
  });

  it('is not JSON: the parser\'s reason and where', async () => {
    expect((await problemsOf('{\n  "allowSandbox": false,\n}')).problems).toEqual([
      'the file: is not valid JSON (Expected double-quoted property name at line 3, column 1)',
    ]);
    const [unquoted] = (await problemsOf('{ "allowSandbox": no }')).problems;
    expect(unquoted).toMatch(/^the file: is not valid JSON \(Unexpected token 'o'/);
    expect(unquoted).not.toContain('allowSandbox'); // the parser's copy of the text is left out
    expect((await problemsOf('')).problems).toEqual(['the file: is empty; write a JSON object, like { "allowSandbox": false }']);
    expect((await problemsOf('  \n')).problems).toEqual(['the file: is empty; write a JSON object, like { "allowSandbox": false }']);
  });

  it('is not a JSON object', async () => {
    expect((await problemsOf('["oauth"]')).problems).toEqual(['the file: must be one JSON object, like { "allowedConnectionMethods": ["oauth"] } (found a list)']);
    expect((await problemsOf('null')).problems).toEqual(['the file: must be one JSON object, like { "allowedConnectionMethods": ["oauth"] } (found null)']);
  });

  it('has a key FactorDesk does not know, at the top or inside callerVerification', async () => {
    expect((await problemsOf({ allowedOrg: ['acme.okta.com'] })).problems).toEqual(['allowedOrg: is not a FactorDesk policy setting (did you mean "allowedOrgs"?)']);
    expect((await problemsOf({ callerVerification: { windowMinute: 5, requierd: true } })).problems).toEqual([
      'callerVerification.windowMinute: is not a FactorDesk policy setting (did you mean "windowMinutes"?)',
      'callerVerification.requierd: is not a FactorDesk policy setting (did you mean "required"?)',
    ]);
    expect((await problemsOf({ theme: 'dark' })).problems).toEqual([
      'theme: is not a FactorDesk policy setting (the settings here are allowedOrgs, allowSandbox, allowedConnectionMethods, callerVerification, stepUpMaxAgeMinutes)',
    ]);
  });

  it('has values of the wrong type', async () => {
    const { problems } = await problemsOf({
      allowSandbox: 'yes',
      allowedOrgs: 'acme.okta.com',
      allowedConnectionMethods: ['oauth', 'saml'],
      callerVerification: true,
      stepUpMaxAgeMinutes: '15',
    });
    expect(problems).toEqual([
      'allowedOrgs: must be a list of org addresses, like ["acme.okta.com"] (found "acme.okta.com")',
      'allowSandbox: must be true or false (found "yes")',
      'allowedConnectionMethods[1]: must be "oauth", "service" or "ssws" (found "saml")',
      'callerVerification: must be an object, like { "required": true, "windowMinutes": 10 } (found true)',
      'stepUpMaxAgeMinutes: must be a number of minutes (found "15")',
    ]);
    expect((await problemsOf({ callerVerification: { required: 1 } })).problems).toEqual(['callerVerification.required: must be true or false (found 1)']);
    expect((await problemsOf({ allowedOrgs: [42] })).problems).toEqual(['allowedOrgs[0]: must be an org address in quotes, like "acme.okta.com" (found 42)']);
  });

  it('has numbers out of bounds, and rules that would lock everyone out', async () => {
    expect((await problemsOf({ callerVerification: { windowMinutes: 0 } })).problems).toEqual(['callerVerification.windowMinutes: must be at least 1 (found 0)']);
    expect((await problemsOf({ callerVerification: { windowMinutes: 1440 } })).problems).toEqual([
      'callerVerification.windowMinutes: must be at most 120 minutes (found 1440)',
    ]);
    expect((await problemsOf({ stepUpMaxAgeMinutes: 7.5 })).problems).toEqual(['stepUpMaxAgeMinutes: must be a whole number of minutes (found 7.5)']);
    expect((await problemsOf({ stepUpMaxAgeMinutes: -1 })).problems).toEqual(['stepUpMaxAgeMinutes: must be at least 0 (found -1)']);
    expect((await problemsOf({ allowedConnectionMethods: [] })).problems).toEqual([
      'allowedConnectionMethods: must list at least one method ("oauth", "service", "ssws"); with none, nobody could connect',
    ]);
  });

  it('lists org addresses that are not org addresses', async () => {
    const { problems } = await problemsOf({
      allowedOrgs: ['*.okta.com', 'http://acme.okta.com', 'acme-admin.okta.com', 'https://acme.okta.com/app/UserHome', '10.0.0.1', ' '],
    });
    expect(problems).toEqual([
      'allowedOrgs[0]: "*.okta.com": wildcards are not supported; list each org address, like "acme.okta.com"',
      'allowedOrgs[1]: "http://acme.okta.com" is not an org address: Okta orgs are only reachable over https. Use an https:// address, like https://yourcompany.okta.com',
      'allowedOrgs[2]: "acme-admin.okta.com" is not an org address: That is the Admin Console address; the API lives on the org address itself. Use https://acme.okta.com instead',
      'allowedOrgs[3]: "https://acme.okta.com/app/UserHome" is not an org address: The org URL must not have a path (/app/UserHome). Enter just the org\'s address, like https://yourcompany.okta.com',
      'allowedOrgs[4]: "10.0.0.1" is not an org address: Okta orgs have a domain name, not an IP address. Enter just the org\'s address, like https://yourcompany.okta.com',
      'allowedOrgs[5]: is empty; write an org address, like "acme.okta.com"',
    ]);
  });

  it('is a folder, not a file', async () => {
    const path = join(await tempDir(), 'policy.json');
    await mkdir(path);
    const loaded = loadManagedPolicy([path]);
    expect(!loaded.ok && loaded.invalid.problems).toEqual(['the file: is not a file']);
  });

  it('is not UTF-8 text', async () => {
    const path = await policyFile(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
    const loaded = loadManagedPolicy([path]);
    expect(!loaded.ok && loaded.invalid.problems).toEqual(['the file: is not UTF-8 text']);
  });

  it('lists at most eight problems in the sentence, and how many more there are', async () => {
    const unknown = Object.fromEntries(Array.from({ length: 10 }, (_, index) => [`extra${index}`, true]));
    const { problems, message } = await problemsOf(unknown);
    expect(problems).toHaveLength(10);
    expect(message).toMatch(/extra7: is not a FactorDesk policy setting \([^)]*\); and 2 more\. Ask your IT team\.$/);
  });
});

describe('where the machine-wide policy file is', () => {
  it('is one fixed, administrator-only place per OS, never taken from the environment on Linux or macOS', () => {
    const env = { ProgramData: 'C:\\Users\\agent\\fake', HOME: '/tmp/agent', XDG_CONFIG_HOME: '/tmp/agent' };
    expect(machinePolicyPaths('linux', env)).toEqual(['/etc/factordesk/policy.json']);
    expect(machinePolicyPaths('darwin', env)).toEqual(['/Library/Application Support/FactorDesk/policy.json']);
    expect(MACHINE_POLICY_PATHS.win32).toBe('C:\\ProgramData\\FactorDesk\\policy.json');
  });

  it('on Windows is C:\\ProgramData first; a moved %ProgramData% may add a place, never replace it', () => {
    expect(machinePolicyPaths('win32', {})).toEqual(['C:\\ProgramData\\FactorDesk\\policy.json']);
    expect(machinePolicyPaths('win32', { ProgramData: 'C:\\ProgramData' })).toEqual(['C:\\ProgramData\\FactorDesk\\policy.json']);
    expect(machinePolicyPaths('win32', { ProgramData: 'D:\\ProgramData' })).toEqual(['C:\\ProgramData\\FactorDesk\\policy.json', 'D:\\ProgramData\\FactorDesk\\policy.json']);
    expect(machinePolicyPaths('win32', { ProgramData: 'relative\\path' })).toEqual(['C:\\ProgramData\\FactorDesk\\policy.json']);
  });
});
