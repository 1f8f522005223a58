import path from 'node:path';
import { parseArgs } from 'node:util';
import { readBundleDir, writeBundleDir } from '../bundle/bundle-files.js';
import { validateBundle, type BundleProblem } from '../bundle/bundle-validate.js';
import { ConfigApiClient, ConfigApiError } from './config-api.client.js';

interface Command {
  summary: string;
  usage: string;
  options: Record<string, { type: 'string' | 'boolean'; description: string }>;
  needsServer: boolean;
  run(args: { positionals: string[]; values: Record<string, string | boolean | undefined>; client: ConfigApiClient | null; out: Output; env: Env }): Promise<number>;
}

interface Output { log(line: string): void; error(line: string): void }
type Env = Record<string, string | undefined>;

/** A secret's value from standard input (piped, never typed on the command line where `ps` and the shell history keep it); one final newline dropped. */
async function readStdin(): Promise<string | null> {
  if (process.stdin.isTTY) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function secretValue(values: Record<string, string | boolean | undefined>, env: Env, out: Output): Promise<string | null> {
  const from = values['from-env'];
  if (typeof from === 'string') {
    const value = env[from];
    if (!value) out.error(`the environment variable ${from} is not set`);
    return value || null;
  }
  const piped = await readStdin();
  if (!piped) out.error('give the value on standard input (e.g. `printf %s "$ERP_KEY" | channelflow secrets set erp ...`) or with --from-env VARIABLE');
  return piped || null;
}

const serverOptions = {
  server: { type: 'string', description: 'Channelflow server URL (or CHANNELFLOW_SERVER), e.g. http://localhost:3000' },
  token: { type: 'string', description: "A deployer's API token (or CHANNELFLOW_TOKEN)" },
} as const;

function printProblems(out: Output, problems: readonly BundleProblem[]): void {
  for (const p of problems) out.error(`${p.file}${p.pointer ? '#' + p.pointer : ''}: ${p.code} ${p.message}`);
  out.error(`${problems.length} problem(s)`);
}

function dirArg(positionals: string[], out: Output): string | null {
  if (positionals.length !== 1) {
    out.error('expected exactly one folder');
    return null;
  }
  return path.resolve(positionals[0]);
}

function printDiff(out: Output, diff: { added: { path: string }[]; changed: { path: string }[]; removed: { path: string }[]; unchanged: number }): void {
  for (const c of diff.added) out.log(`+ ${c.path}`);
  for (const c of diff.changed) out.log(`~ ${c.path}`);
  for (const c of diff.removed) out.log(`- ${c.path}`);
  out.log(`${diff.added.length} added, ${diff.changed.length} changed, ${diff.removed.length} removed, ${diff.unchanged} unchanged`);
}

const commands: Record<string, Command> = {
  validate: {
    summary: 'Check a bundle offline: schemas, references, rule-set test cases',
    usage: 'channelflow validate <dir> [--lang zh-CN|en]',
    options: { lang: { type: 'string', description: 'Language of the messages (zh-CN or en; default en)' } },
    needsServer: false,
    async run({ positionals, values, out }) {
      const dir = dirArg(positionals, out);
      if (!dir) return 2;
      const result = validateBundle(readBundleDir(dir), { locale: values.lang === 'zh-CN' ? 'zh-CN' : 'en' });
      if (!result.ok) {
        printProblems(out, result.problems);
        return 1;
      }
      out.log(`${dir}: ${result.documents.length} documents, no problems`);
      return 0;
    },
  },
  diff: {
    summary: 'Show what a deploy of the bundle would add, change and remove on the server',
    usage: 'channelflow diff <dir> --server URL --token TOKEN',
    options: { ...serverOptions },
    needsServer: true,
    async run({ positionals, client, out }) {
      const dir = dirArg(positionals, out);
      if (!dir) return 2;
      printDiff(out, await client!.diff(readBundleDir(dir)));
      return 0;
    },
  },
  deploy: {
    summary: 'Deploy the bundle, all or nothing (new versions; running instances keep theirs)',
    usage: 'channelflow deploy <dir> --server URL --token TOKEN [--dry-run] [--message TEXT]',
    options: {
      ...serverOptions,
      'dry-run': { type: 'boolean', description: 'Validate and diff on the server without changing anything' },
      message: { type: 'string', description: 'A note kept with the deployment' },
    },
    needsServer: true,
    async run({ positionals, values, client, out }) {
      const dir = dirArg(positionals, out);
      if (!dir) return 2;
      const result = await client!.deploy(readBundleDir(dir), { dryRun: values['dry-run'] === true, message: values.message as string | undefined });
      printDiff(out, result.diff);
      out.log(result.dryRun ? 'dry run: nothing changed' : `deployment #${result.number} done`);
      return 0;
    },
  },
  export: {
    summary: "Write the tenant's current configuration into a folder",
    usage: 'channelflow export <dir> --server URL --token TOKEN',
    options: { ...serverOptions },
    needsServer: true,
    async run({ positionals, client, out }) {
      const dir = dirArg(positionals, out);
      if (!dir) return 2;
      const files = await client!.export();
      writeBundleDir(dir, files);
      out.log(`${files.length} files written to ${dir}`);
      return 0;
    },
  },
  rollback: {
    summary: 'Bring back the configuration of an earlier deployment (as a new deployment)',
    usage: 'channelflow rollback --to N --server URL --token TOKEN [--dry-run]',
    options: {
      ...serverOptions,
      to: { type: 'string', description: 'The deployment number to return to' },
      'dry-run': { type: 'boolean', description: 'Show the diff without changing anything' },
    },
    needsServer: true,
    async run({ values, client, out }) {
      const to = Number(values.to);
      if (!Number.isInteger(to) || to < 1) {
        out.error('--to must be a deployment number (see `channelflow deployments`)');
        return 2;
      }
      const result = await client!.rollback(to, values['dry-run'] === true);
      printDiff(out, result.diff);
      out.log(result.dryRun ? 'dry run: nothing changed' : `deployment #${result.number} brings back #${to}`);
      return 0;
    },
  },
  deployments: {
    summary: 'List who deployed what and when',
    usage: 'channelflow deployments --server URL --token TOKEN',
    options: { ...serverOptions },
    needsServer: true,
    async run({ client, out }) {
      for (const d of await client!.deployments()) {
        const what = `${d.diff.added.length}+ ${d.diff.changed.length}~ ${d.diff.removed.length}-`;
        out.log(`#${d.number}\t${d.createdAt}\t${d.deployedBy ?? 'system'}\t${d.kind}${d.rollbackOf ? ` of #${d.rollbackOf}` : ''}\t${what}\t${d.message ?? ''}`);
      }
      return 0;
    },
  },
  secrets: {
    summary: "Manage the tenant's secrets (webhook HMAC keys): list names, set or delete; values are never shown",
    usage: 'channelflow secrets list|set <name> [--from-env VARIABLE]|delete <name> --server URL --token TOKEN   (set reads the value from standard input unless --from-env)',
    options: {
      ...serverOptions,
      'from-env': { type: 'string', description: 'set: take the value from this environment variable instead of standard input' },
    },
    needsServer: true,
    async run({ positionals, values, client, out, env }) {
      const [action, name, ...extra] = positionals;
      const needsName = action === 'set' || action === 'delete';
      if (!['list', 'set', 'delete'].includes(action ?? '') || (needsName ? !name || extra.length > 0 : positionals.length !== 1)) {
        out.error('expected `secrets list`, `secrets set <name>` or `secrets delete <name>`');
        return 2;
      }
      if (action === 'list') {
        for (const s of await client!.secrets()) out.log(`${s.name}\tupdated ${s.updatedAt} by ${s.updatedBy ?? 'system'}\tcreated ${s.createdAt} by ${s.createdBy ?? 'system'}`);
        return 0;
      }
      if (action === 'delete') {
        await client!.deleteSecret(name);
        out.log(`secret ${name} deleted`);
        return 0;
      }
      const value = await secretValue(values, env, out);
      if (value === null) return 2;
      const view = await client!.setSecret(name, value);
      out.log(`secret ${view.name} set (updated ${view.updatedAt} by ${view.updatedBy ?? 'system'})`);
      return 0;
    },
  },
};

function help(out: Output, name?: string): void {
  const command = name ? commands[name] : undefined;
  if (command) {
    out.log(`${command.summary}\n\nUsage: ${command.usage}\n\nOptions:`);
    for (const [opt, def] of Object.entries(command.options)) out.log(`  --${opt.padEnd(10)} ${def.description}`);
    out.log(`  --help       Show this help`);
    return;
  }
  out.log('Usage: channelflow <command> [options]\n\nTenant configuration as code.\n\nCommands:');
  for (const [n, c] of Object.entries(commands)) out.log(`  ${n.padEnd(12)} ${c.summary}`);
  out.log('\nRun `channelflow <command> --help` for the options of a command.');
}

/** Runs one command line; returns the exit code (0 ok, 1 problems or a refused request, 2 usage). */
export async function main(argv: string[], out: Output = { log: console.log, error: console.error }, env: Env = process.env): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === 'help') {
    help(out);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    out.error(`unknown command '${name}'`);
    help(out);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: rest, allowPositionals: true, options: { ...command.options, help: { type: 'boolean' } } as never });
  } catch (err) {
    out.error((err as Error).message);
    return 2;
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) {
    help(out, name);
    return 0;
  }
  let client: ConfigApiClient | null = null;
  if (command.needsServer) {
    const server = (values.server as string | undefined) ?? env.CHANNELFLOW_SERVER;
    const token = (values.token as string | undefined) ?? env.CHANNELFLOW_TOKEN;
    if (!server || !token) {
      out.error('this command talks to a server: give --server and --token (or CHANNELFLOW_SERVER and CHANNELFLOW_TOKEN)');
      return 2;
    }
    client = new ConfigApiClient(server, token);
  }
  try {
    return await command.run({ positionals: parsed.positionals, values, client, out, env });
  } catch (err) {
    if (err instanceof ConfigApiError) {
      out.error(`${err.status} ${err.code}: ${err.message}`);
      const problems = (err.details?.problems ?? []) as BundleProblem[];
      if (problems.length) printProblems(out, problems.map((p) => ({ file: p.file ?? '', pointer: p.pointer ?? '', code: p.code ?? err.code, message: p.message })));
      return 1;
    }
    out.error(`failed: ${(err as Error).message}`);
    return 1;
  }
}
