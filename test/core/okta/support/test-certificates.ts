import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificates {
  caPem: string;
  serverKeyPem: string;
  serverCertPem: string;
}

/** Whether the openssl CLI is there to mint throwaway certificates. */
export function haveOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A throwaway CA and a server certificate it signed, for the given host names. */
export function mintCertificates(hostNames: string[]): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'factordesk-certs-'));
  const run = (args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  };
  try {
    run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=FactorDesk test CA', '-keyout', 'ca.key', '-out', 'ca.pem']);
    run(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${hostNames[0] ?? 'localhost'}`, '-keyout', 'server.key', '-out', 'server.csr']);
    const altNames = hostNames.map((name) => (/^\d+\.\d+\.\d+\.\d+$/.test(name) ? `IP:${name}` : `DNS:${name}`)).join(',');
    writeFileSync(join(dir, 'ext.cnf'), `subjectAltName=${altNames}\n`);
    run(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'ext.cnf', '-out', 'server.pem']);
    return {
      caPem: readFileSync(join(dir, 'ca.pem'), 'utf8'),
      serverKeyPem: readFileSync(join(dir, 'server.key'), 'utf8'),
      serverCertPem: readFileSync(join(dir, 'server.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
