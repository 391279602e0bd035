import type { FactorSummary } from '../../../contract';
import type { IconName } from './icons';

/** Icon per Okta factorType; hardware and other token types share the key. */
export function factorIcon(factorType: string): IconName {
  if (factorType === 'push' || factorType === 'signed_nonce') return 'phone';
  if (factorType === 'sms') return 'message';
  if (factorType === 'call') return 'call';
  if (factorType === 'email') return 'mail';
  if (factorType === 'question') return 'question';
  if (factorType === 'webauthn' || factorType === 'u2f') return 'fingerprint';
  if (factorType === 'token:software:totp' || factorType === 'token:hotp') return 'clock';
  if (factorType === 'web') return 'globe';
  return 'key';
}

/** Okta reports platforms in capitals (IOS, ANDROID); people write them differently. */
const platformNames: Record<string, string> = { IOS: 'iOS', ANDROID: 'Android', WINDOWS: 'Windows', MACOS: 'macOS', OSX: 'macOS' };

/** "iOS" for Okta's IOS; platforms we do not know are shown as Okta reports them. */
export function platformName(platform: string): string {
  return platformNames[platform.toUpperCase()] ?? platform;
}

/** "iOS 17.4" from platform and version, whichever are known. */
export function devicePlatform(factor: FactorSummary): string {
  const platform = factor.platform ? platformName(factor.platform) : null;
  return [platform, factor.platformVersion].filter(Boolean).join(' ');
}

/** Okta provider names as people say them. */
export function providerLabel(provider: string): string {
  const known: Record<string, string> = {
    OKTA: 'Okta',
    GOOGLE: 'Google',
    RSA: 'RSA',
    SYMANTEC: 'Symantec',
    YUBICO: 'Yubico',
    DUO: 'Duo',
    FIDO: 'FIDO',
    CUSTOM: 'Custom',
  };
  return known[provider] ?? provider;
}
