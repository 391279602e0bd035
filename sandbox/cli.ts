import { parseArgs } from 'node:util';
import { isOrgEngine } from './engine';
import { startSandbox, type CustomDomainOption } from './index';
import { SEEDED_PASSWORD } from './directory/generate';
import { SEEDED_ADMINS } from './roles/seeded-admins';
import { printedPhoneLines } from './phone-page/printed-phones';

const USAGE =
  'Usage: npm run sandbox -- [--port N] [--token T] [--read-only-token T] [--users N] [--seed S] [--licences N] [--engine oie|classic]\n' +
  '                          [--public-url https://org.example] [--custom-domain https://login.example | --custom-domain-port N]';

function integer(flag: string, raw: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`--${flag} must be a whole number from ${min} to ${max}, got ${raw}`);
  return value;
}

/** `npm run sandbox -- …`: a local sandbox org on 127.0.0.1 (see USAGE and docs/sandbox.md). */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8787' },
      token: { type: 'string' },
      'read-only-token': { type: 'string' },
      users: { type: 'string' },
      seed: { type: 'string' },
      licences: { type: 'string' },
      'public-url': { type: 'string' },
      'custom-domain': { type: 'string' },
      'custom-domain-port': { type: 'string' },
      engine: { type: 'string', default: 'oie' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = integer('port', values.port, 0, 65_535);
  const users = integer('users', values.users, 1);
  const licences = integer('licences', values.licences, 0);
  const customPort = integer('custom-domain-port', values['custom-domain-port'], 0, 65_535);
  if (values['custom-domain'] !== undefined && customPort !== undefined) throw new Error('Give --custom-domain or --custom-domain-port, not both.');
  const customDomain: CustomDomainOption | undefined = customPort !== undefined ? { listen: true, port: customPort } : values['custom-domain'];
  const engine = values.engine;
  if (!isOrgEngine(engine)) throw new Error(`--engine must be oie (Identity Engine) or classic, got ${engine}`);

  const startedAt = Date.now();
  const sandbox = await startSandbox({
    port,
    token: values.token,
    readOnlyToken: values['read-only-token'],
    users,
    seed: values.seed,
    publicUrl: values['public-url'],
    customDomain,
    engine,
    ...(licences !== undefined ? { rateLimits: { licences } } : {}),
  });
  console.log(`Sandbox org listening on ${sandbox.url} (${engine === 'oie' ? 'Identity Engine' : 'Classic'}, started in ${Date.now() - startedAt} ms)`);
  console.log(`Org URL:         ${sandbox.publicUrl}${sandbox.publicUrl !== sandbox.url ? `  (links use it; the org listens on ${sandbox.url})` : ''}`);
  if (sandbox.customDomainUrl) {
    const listening = sandbox.customDomainListenUrl && sandbox.customDomainListenUrl !== sandbox.customDomainUrl ? ` (listening on ${sandbox.customDomainListenUrl})` : '';
    console.log(`Custom domain:   ${sandbox.customDomainUrl}${listening}  (push poll links go to the other origin)`);
  }
  console.log(`API token:       ${sandbox.token}  (sandbox.admin@example.org, super admin)`);
  console.log(`Read-only token: ${sandbox.readOnlyToken}  (reads users, factors and groups; no writes, no System Log)`);
  console.log(`Admins (password ${SEEDED_PASSWORD}): ${SEEDED_ADMINS.map((admin) => `${admin.login} ${admin.roles.map((role) => role.type).join('+')}`).join(', ')}`);
  console.log(`OAuth issuer:    ${sandbox.oauth.issuer}  (discovery: ${sandbox.oauth.issuer}/.well-known/openid-configuration)`);
  console.log(`Native app:      client id ${sandbox.oauth.nativeClientId}  (code + PKCE, DPoP required; redirect URIs ${sandbox.oauth.nativeRedirectUris.join(', ')})`);
  console.log('Agent sign-in:   any admin above with the password, on the org\'s sign-in page (/oauth2/v1/authorize)');
  for (const line of printedPhoneLines((login) => sandbox.phoneLink(login), engine)) console.log(line);
  console.log('More tokens: POST /sandbox/v1/tokens {"login": …, "roles": […]}. Apps: POST /sandbox/v1/apps {"type": "service" | "native", …}. Control API: /sandbox/v1 (see docs/sandbox.md). Ctrl+C stops it.');

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the sandbox org`);
    sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
