import type { FuseV1Options } from '@electron/fuses';

/** The parts of electron-builder's AfterPackContext the hook reads. */
export interface PackContext {
  appOutDir: string;
  electronPlatformName: string;
  packager: { executableName?: string; appInfo: { productFilename: string } };
}

export declare const FACTORDESK_FUSES: Readonly<Partial<Record<FuseV1Options, boolean>>>;
export declare function packedElectronPath(context: PackContext): string;
export default function afterPack(context: PackContext): Promise<void>;
