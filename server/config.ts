import path from 'node:path';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export interface Config {
  port: number;
  host: string;
  /** Unset: the embedded database under `dataDir`. */
  databaseUrl: string | null;
  dataDir: string;
  /** Port of the embedded database on 127.0.0.1; 0: a free port at each start. */
  embeddedDbPort: number;
  dbPoolMax: number;
  logLevel: (typeof logLevels)[number];
  sessionTtlMinutes: number;
  loginMaxFailures: number;
  loginWindowMinutes: number;
  seedDemo: boolean;
  trustProxy: boolean;
  /** Password of the platform admin created on first start; random (and printed) when unset. */
  platformAdminPassword: string | null;
  /** Password of the demo tenant's users; random (and printed) when unset. */
  demoPassword: string | null;
  /** Largest attachment accepted, in bytes. */
  attachmentMaxBytes: number;
  /** Content types an attachment may declare. */
  attachmentContentTypes: string[];
  /** Hosts (or `host:port`) webhooks may reach even on a private or loopback address. */
  webhookAllowHosts: string[];
  /** SECRETS_KEY: the AES-256 key tenant secrets are sealed with (32 bytes); null: secrets cannot be set or used. */
  secretsKey: Buffer | null;
}

/** Documents, spreadsheets, images, text and archives: what dealers and approvers attach to orders and contracts. */
export const defaultAttachmentContentTypes = [
  'application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp', 'text/plain', 'text/csv',
  'application/msword', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-excel', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/zip',
];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super('Invalid configuration:\n' + problems.map((p) => '  - ' + p).join('\n'));
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Reads and checks the environment; every bad variable is reported at once, each with what it expects. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];

  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!/^\d+$/.test(raw.trim()) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}; got '${raw}'`);
      return fallback;
    }
    return Number(raw);
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const v = raw.trim().toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(v)) return true;
    if (['0', 'false', 'no', 'off'].includes(v)) return false;
    problems.push(`${name} must be true or false; got '${raw}'`);
    return fallback;
  };

  let databaseUrl: string | null = env.DATABASE_URL?.trim() || null;
  if (databaseUrl) {
    try {
      const url = new URL(databaseUrl);
      if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
        problems.push(`DATABASE_URL must be a postgres:// or postgresql:// URL; got protocol '${url.protocol}'`);
      } else if (!url.pathname || url.pathname === '/') {
        problems.push('DATABASE_URL must name a database, e.g. postgres://user@host:5432/channelflow');
      }
    } catch {
      problems.push('DATABASE_URL is not a valid URL (expected postgres://user:password@host:5432/database)');
      databaseUrl = null;
    }
  }

  const logLevel = (env.LOG_LEVEL?.trim() || 'info') as Config['logLevel'];
  if (!logLevels.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${logLevels.join(', ')}; got '${env.LOG_LEVEL}'`);

  const secret = (name: string): string | null => {
    const raw = env[name];
    if (raw === undefined || raw === '') return null;
    if (raw.length < 10) problems.push(`${name} must be at least 10 characters long`);
    return raw;
  };

  const list = (name: string, fallback: string[], pattern: RegExp, expects: string): string[] => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    const items = raw.split(',').map((x) => x.trim().toLowerCase()).filter((x) => x !== '');
    const bad = items.filter((x) => !pattern.test(x));
    if (bad.length) problems.push(`${name} must be a comma-separated list of ${expects}; got '${bad.join("', '")}'`);
    return items;
  };

  /** 32 bytes as base64 (`openssl rand -base64 32`) or as 64 hex digits. */
  const key = (name: string): Buffer | null => {
    const raw = env[name]?.trim();
    if (!raw) return null;
    const bytes = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : /^[A-Za-z0-9+/_-]{42,43}={0,2}$/.test(raw) ? Buffer.from(raw, 'base64') : null;
    if (bytes?.length === 32) return bytes;
    problems.push(`${name} must be 32 random bytes as base64 (e.g. the output of \`openssl rand -base64 32\`) or as 64 hex digits`);
    return null;
  };

  const config: Config = {
    port: int('PORT', 3000, 0, 65535),
    host: env.HOST?.trim() || '0.0.0.0',
    databaseUrl,
    dataDir: path.resolve(env.DATA_DIR?.trim() || 'data'),
    embeddedDbPort: int('EMBEDDED_DB_PORT', 0, 0, 65535),
    dbPoolMax: int('DB_POOL_MAX', 10, 1, 200),
    logLevel,
    sessionTtlMinutes: int('SESSION_TTL_MINUTES', 720, 1, 60 * 24 * 30),
    loginMaxFailures: int('LOGIN_MAX_FAILURES', 5, 1, 1000),
    loginWindowMinutes: int('LOGIN_WINDOW_MINUTES', 15, 1, 24 * 60),
    seedDemo: bool('SEED_DEMO', !databaseUrl),
    trustProxy: bool('TRUST_PROXY', false),
    platformAdminPassword: secret('PLATFORM_ADMIN_PASSWORD'),
    demoPassword: secret('DEMO_PASSWORD'),
    attachmentMaxBytes: int('ATTACHMENT_MAX_BYTES', 10 * 1024 * 1024, 1024, 100 * 1024 * 1024),
    attachmentContentTypes: list('ATTACHMENT_CONTENT_TYPES', defaultAttachmentContentTypes, /^[a-z0-9][a-z0-9.+-]*\/[a-z0-9][a-z0-9.+-]*$/, 'content types (type/subtype)'),
    webhookAllowHosts: list('WEBHOOK_ALLOW_HOSTS', [], /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/, 'host names or IP addresses, optionally with :port'),
    secretsKey: key('SECRETS_KEY'),
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}
