/**
 * Standard Webhooks signing (https://www.standardwebhooks.com, spec 1.0.0, "Signature scheme"):
 * `v1,` + base64(HMAC-SHA256(key, "{webhook-id}.{webhook-timestamp}.{body}")), where the key is the
 * base64 part of a `whsec_` secret. Web Crypto only, so the same code signs on Node and on Workers.
 */

const secretPrefix = 'whsec_';
/** The spec asks for 24 to 64 random bytes; 32 is what most senders use. */
const secretBytes = 32;

export interface WebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** A new `whsec_<base64>` secret from the platform CSPRNG. */
export function generateWebhookSecret(): string {
  const bytes = new Uint8Array(secretBytes);
  crypto.getRandomValues(bytes);
  return secretPrefix + encodeBase64(bytes);
}

export function isWebhookSecret(value: string): boolean {
  if (!value.startsWith(secretPrefix)) return false;
  try {
    return decodeBase64(value.slice(secretPrefix.length)).length >= 24;
  } catch {
    return false;
  }
}

/**
 * Headers for one send attempt. Several secrets (current first, then one being rotated out) give
 * several space-separated signatures; a receiver accepts the message when any of them verifies.
 * The id must not contain "." (it is a field separator in the signed content).
 */
export async function signWebhook(input: { id: string; timestampSeconds: number; body: string; secrets: readonly string[] }): Promise<WebhookHeaders> {
  if (input.id.includes('.')) throw new Error('webhook id must not contain "."');
  if (input.secrets.length === 0) throw new Error('at least one signing secret is needed');
  const timestamp = String(Math.floor(input.timestampSeconds));
  const content = new TextEncoder().encode(`${input.id}.${timestamp}.${input.body}`);
  const signatures: string[] = [];
  for (const secret of input.secrets) signatures.push(`v1,${encodeBase64(await hmacSha256(secretKey(secret), content))}`);
  return { 'webhook-id': input.id, 'webhook-timestamp': timestamp, 'webhook-signature': signatures.join(' ') };
}

function secretKey(secret: string): Uint8Array {
  if (!secret.startsWith(secretPrefix)) throw new Error('signing secrets start with whsec_');
  return decodeBase64(secret.slice(secretPrefix.length));
}

async function hmacSha256(key: Uint8Array, content: Uint8Array): Promise<Uint8Array> {
  const cryptoKey = await crypto.subtle.importKey('raw', key as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, content as BufferSource));
}

// btoa/atob exist on Node 16+ and Workers; Buffer does not exist on Workers.
function encodeBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
