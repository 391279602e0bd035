import { createCipheriv, createDecipheriv } from 'node:crypto';
import type { YubiKeyIdentity } from './model';

/**
 * Yubico OTP, as a YubiKey types it and as Okta checks it for `token:hardware` factors: 12 modhex
 * characters of public id, then one AES-128 block in modhex holding the private id, the usage
 * counter, a timestamp, a session counter, random bytes and a CRC-16. The sandbox plays both the
 * key (the control API hands out the next OTP) and the validation server.
 */

const MODHEX = 'cbdefghijklnrtuv';
const HEX = '0123456789abcdef';
const OTP_PATTERN = /^[cbdefghijklnrtuv]{44}$/;
/** The CRC of a block with its own (complemented) CRC appended. */
const CRC_RESIDUE = 0xf0b8;

export function toModhex(bytes: Buffer): string {
  return [...bytes.toString('hex')].map((digit) => MODHEX[HEX.indexOf(digit)]).join('');
}

export function fromModhex(text: string): Buffer {
  return Buffer.from([...text].map((char) => HEX[MODHEX.indexOf(char)]).join(''), 'hex');
}

/** CRC-16/ISO-13239 (the X.25 polynomial, reflected), as YubiKeys compute it. */
export function crc16(bytes: Buffer): number {
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0x8408 : crc >>> 1;
  }
  return crc;
}

/** The OTP the key types on its `counter`-th use (counter 1 is the first). Deterministic, so it can be read before it is used. */
export function yubicoOtp(key: YubiKeyIdentity, counter: number): string {
  const block = Buffer.alloc(16);
  Buffer.from(key.privateId, 'hex').copy(block, 0);
  block.writeUInt16LE(counter & 0x7fff, 6);
  block.writeUIntLE((counter * 8) & 0xffffff, 8, 3);
  block.writeUInt8(0, 11);
  block.writeUInt16LE((counter * 7919) & 0xffff, 12);
  block.writeUInt16LE(~crc16(block.subarray(0, 14)) & 0xffff, 14);
  const cipher = createCipheriv('aes-128-ecb', Buffer.from(key.aesKey, 'hex'), null).setAutoPadding(false);
  return key.publicId + toModhex(Buffer.concat([cipher.update(block), cipher.final()]));
}

/** The usage counter inside an OTP of this key, or null when it isn't one (another key, a typo, a forged block). */
export function yubicoOtpCounter(key: YubiKeyIdentity, otp: string): number | null {
  if (!OTP_PATTERN.test(otp) || !otp.startsWith(key.publicId)) return null;
  const decipher = createDecipheriv('aes-128-ecb', Buffer.from(key.aesKey, 'hex'), null).setAutoPadding(false);
  const block = Buffer.concat([decipher.update(fromModhex(otp.slice(12))), decipher.final()]);
  if (crc16(block) !== CRC_RESIDUE) return null;
  if (block.subarray(0, 6).toString('hex') !== key.privateId) return null;
  return block.readUInt16LE(6);
}
