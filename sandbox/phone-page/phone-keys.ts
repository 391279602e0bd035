import { createHash } from 'node:crypto';
import { secureToken } from '../random';

const digest = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');

/** Phone keys start with this, so one pasted somewhere it does not belong is recognisable. */
export const PHONE_KEY_PREFIX = 'sbxphone_';

/**
 * Keys to the phone page (`/sandbox/phone/{userId}`): one per user at a time, each opening only
 * that user's phone — see the phone page's routes for exactly what it may do. A key is no API
 * token: no authenticator of the org knows it, so it is no credential anywhere else. As with API
 * tokens only a digest is kept, and a presented key is found by its digest.
 */
export class PhoneKeys {
  private readonly userByDigest = new Map<string, string>();
  private readonly digestByUser = new Map<string, string>();

  /** A new key for the user's phone; the one they had before stops working. */
  issue(userId: string): string {
    this.revoke(userId);
    const key = PHONE_KEY_PREFIX + secureToken(43);
    const keyDigest = digest(key);
    this.userByDigest.set(keyDigest, userId);
    this.digestByUser.set(userId, keyDigest);
    return key;
  }

  /** The user whose phone a key opens, or null for a key nobody was given (or one revoked since). */
  userFor(key: string): string | null {
    if (!key.startsWith(PHONE_KEY_PREFIX)) return null;
    return this.userByDigest.get(digest(key)) ?? null;
  }

  revoke(userId: string): boolean {
    const keyDigest = this.digestByUser.get(userId);
    if (keyDigest === undefined) return false;
    this.digestByUser.delete(userId);
    return this.userByDigest.delete(keyDigest);
  }
}
