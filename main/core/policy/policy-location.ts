import { posix, win32 } from 'node:path';

/**
 * Where a desk's IT team puts the machine-wide policy file: a folder only administrators can write.
 * The paths are fixed, not taken from the environment: anything a user can set before launching
 * FactorDesk (an environment variable, a command-line flag) could point it at a policy of their own.
 * Tests hand `createCore` a path instead (`CoreOptions.policyPath`); the app and `npm start` never do.
 */
export const MACHINE_POLICY_PATHS = {
  linux: posix.join('/etc', 'factordesk', 'policy.json'),
  darwin: posix.join('/Library', 'Application Support', 'FactorDesk', 'policy.json'),
  win32: win32.join('C:\\ProgramData', 'FactorDesk', 'policy.json'),
} as const;

/**
 * The policy files to look for, first found wins. On Windows the standard `C:\ProgramData` comes
 * first; `%ProgramData%` is looked at only when it names another folder (ProgramData moved to another
 * drive), because the user can change that variable: it may add a policy, never hide the standard one.
 */
export function machinePolicyPaths(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): [string, ...string[]] {
  if (platform === 'darwin') return [MACHINE_POLICY_PATHS.darwin];
  if (platform !== 'win32') return [MACHINE_POLICY_PATHS.linux];
  const standard = MACHINE_POLICY_PATHS.win32;
  const programData = env.ProgramData ?? env.PROGRAMDATA;
  if (!programData || !win32.isAbsolute(programData)) return [standard];
  const moved = win32.join(programData, 'FactorDesk', 'policy.json');
  return moved.toLowerCase() === standard.toLowerCase() ? [standard] : [standard, moved];
}

