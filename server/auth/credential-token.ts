import { createHash, randomBytes } from 'node:crypto';

/** Session tokens start `cfs_`, API tokens `cft_`; the prefix tells the server which table to look in. */
export const credentialKinds = { session: 'cfs_', apiToken: 'cft_' } as const;
export type CredentialKind = keyof typeof credentialKinds;

export function issueCredentialToken(kind: CredentialKind): { token: string; hash: string; prefix: string } {
  const token = credentialKinds[kind] + randomBytes(32).toString('base64url');
  return { token, hash: hashCredentialToken(token), prefix: token.slice(0, 12) };
}

/** Tokens carry 256 random bits, so a fast hash is enough; a slow hash is for passwords. */
export function hashCredentialToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function kindOfToken(token: string): CredentialKind | null {
  if (token.startsWith(credentialKinds.session)) return 'session';
  if (token.startsWith(credentialKinds.apiToken)) return 'apiToken';
  return null;
}
