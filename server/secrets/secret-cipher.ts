import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Tenant secrets at rest: AES-256-GCM under the server's key (SECRETS_KEY, or the embedded default's
 * key file), a fresh 96-bit nonce per write. The tenant id and the secret's name are authenticated
 * data, so a sealed value copied to another tenant's row, or to another name, no longer opens.
 */
const FORMAT = 'v1';

function additionalData(tenantId: string, name: string): Buffer {
  return Buffer.from(`channelflow-secret:${FORMAT}:${tenantId}:${name}`, 'utf8');
}

/** `v1:<nonce>:<tag>:<ciphertext>`, each part base64. */
export function sealSecret(key: Buffer, tenantId: string, name: string, value: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(additionalData(tenantId, name));
  const ciphertext = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return [FORMAT, nonce.toString('base64'), cipher.getAuthTag().toString('base64'), ciphertext.toString('base64')].join(':');
}

/** The value, or null when the sealed text was not made by this key for this tenant and name. */
export function openSecret(key: Buffer, tenantId: string, name: string, sealed: string): string | null {
  const [format, nonce, tag, ciphertext] = sealed.split(':');
  if (format !== FORMAT || !nonce || !tag || ciphertext === undefined) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64'));
    decipher.setAAD(additionalData(tenantId, name));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
