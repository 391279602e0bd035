// electron-builder's afterPack hook: flips Electron's fuses in the packed binary. It runs before
// any code signing, so the signature covers the fuses and the OS refuses a binary whose fuses were
// flipped back. What each fuse does: Electron's "Electron Fuses" guide.
import { join } from 'node:path';
import { flipFuses, FuseV1Options, FuseVersion } from '@electron/fuses';

/** Every fuse FactorDesk sets. Fuses not named here keep Electron's default. */
export const FACTORDESK_FUSES = Object.freeze({
  // ELECTRON_RUN_AS_NODE would make the signed app a plain Node.js runtime for any local program.
  [FuseV1Options.RunAsNode]: false,
  // NODE_OPTIONS (--require and the like) would load other code into main, which holds the credentials.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  // --inspect and --inspect-brk would let a local program debug, and so drive, main.
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // app.asar must match the hash embedded in the signed app (macOS; Windows from Electron 30)...
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  // ...and the app loads only from app.asar, never from an app/ folder dropped beside it.
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // Chromium's cookie store is encrypted with an OS key, as Chrome's is (FactorDesk keeps nothing in cookies; depth only).
  [FuseV1Options.EnableCookieEncryption]: true,
  // file:// gets no extra privileges: the renderer comes from app://factordesk.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  // FactorDesk ships no V8 snapshot of its own.
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
});

const EXECUTABLE_SUFFIX = { darwin: '.app', mas: '.app', win32: '.exe', linux: '' };

/** The Electron binary electron-builder just packed (the rule electron-builder's own fuse support uses). */
export function packedElectronPath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const suffix = EXECUTABLE_SUFFIX[electronPlatformName];
  if (suffix === undefined) throw new Error(`FactorDesk does not know where Electron's binary is on "${electronPlatformName}".`);
  const name = electronPlatformName === 'linux' ? packager.executableName : packager.appInfo.productFilename;
  return join(appOutDir, `${name}${suffix}`);
}

export default async function afterPack(context) {
  const isMac = context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas';
  await flipFuses(packedElectronPath(context), {
    version: FuseVersion.V1,
    // Flipping breaks the binary's ad-hoc signature, without which Apple silicon will not run it; real signing comes later.
    resetAdHocDarwinSignature: isMac,
    ...FACTORDESK_FUSES,
  });
}
