import { createHmac, timingSafeEqual } from 'node:crypto';

/** The X-Coding-Signature value Coding sends: `sha1=` + hex HMAC-SHA1 of the raw body, keyed by the token. */
export function signBody(secret: string, body: Buffer | string): string {
  return `sha1=${createHmac('sha1', secret).update(body).digest('hex')}`;
}

export type SignatureCheck = 'valid' | 'missing' | 'mismatch';

export function checkSignature(secret: string, rawBody: Buffer, header: string | undefined): SignatureCheck {
  if (header === undefined || header.trim() === '') return 'missing';
  const match = /^sha1=([0-9a-f]{40})$/i.exec(header.trim());
  if (match?.[1] === undefined) return 'mismatch';
  const expected = createHmac('sha1', secret).update(rawBody).digest();
  return timingSafeEqual(Buffer.from(match[1], 'hex'), expected) ? 'valid' : 'mismatch';
}
