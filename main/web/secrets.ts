import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, base64url: launch keys and session cookies. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * What the browser shell keeps of a secret: its SHA-256. Looking a presented secret up by its
 * digest never compares the secret itself, so the lookup's timing says nothing about a live one.
 */
export function digestOf(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}
