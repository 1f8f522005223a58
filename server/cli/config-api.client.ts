import type { BundleFile } from '../bundle/bundle-validate.js';
import type { BundleDiff } from '../bundle/tenant-config.service.js';

export class ConfigApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details?: Record<string, unknown>) {
    super(message);
  }
}

interface SecretView { name: string; createdAt: string; createdBy: string | null; updatedAt: string; updatedBy: string | null }

interface DeploymentView { number: number | null; kind: string; rollbackOf: number | null; message: string | null; deployedBy: string | null; createdAt: string; dryRun: boolean; diff: BundleDiff }

const toWire = (files: readonly BundleFile[]) => ({
  // Bytes go as text; the CLI reads strictly, so a file that is not UTF-8 never gets this far unnoticed.
  files: files.map((f) => ({ path: f.path, content: typeof f.content === 'string' ? f.content : new TextDecoder().decode(f.content) })),
});

/** The configuration API over HTTP, as the CLI and pipelines use it. */
export class ConfigApiClient {
  constructor(private readonly server: string, private readonly token: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(new URL(path, this.server), {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const payload = (await res.json().catch(() => ({}))) as { code?: string; message?: string; details?: Record<string, unknown> };
    if (!res.ok) throw new ConfigApiError(res.status, payload.code ?? 'HTTP_ERROR', payload.message ?? res.statusText, payload.details);
    return payload as T;
  }

  diff(files: readonly BundleFile[]) {
    return this.call<BundleDiff>('POST', '/api/config/diff', { bundle: toWire(files) });
  }

  deploy(files: readonly BundleFile[], options: { dryRun?: boolean; message?: string }) {
    return this.call<DeploymentView>('POST', '/api/config/deploy', { bundle: toWire(files), ...options });
  }

  async export() {
    return (await this.call<{ files: { path: string; content: string }[] }>('GET', '/api/config/export')).files;
  }

  rollback(to: number, dryRun: boolean) {
    return this.call<DeploymentView>('POST', '/api/config/rollback', { to, dryRun });
  }

  deployments() {
    return this.call<DeploymentView[]>('GET', '/api/config/deployments');
  }

  secrets() {
    return this.call<SecretView[]>('GET', '/api/config/secrets');
  }

  /** The value goes to the server once and is never sent back. */
  setSecret(name: string, value: string) {
    return this.call<SecretView>('PUT', `/api/config/secrets/${encodeURIComponent(name)}`, { value });
  }

  async deleteSecret(name: string): Promise<void> {
    await this.call<unknown>('DELETE', `/api/config/secrets/${encodeURIComponent(name)}`);
  }
}
