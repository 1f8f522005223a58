import { compileRuleSet, type CompiledRuleSet, type RegionNode, type RuleSetDocument } from '../../rules/index.js';

const MAX_ENTRIES = 500;
/** Regions can change under a published rule set (a deploy); a compiled entry is rebuilt after this. */
const REGION_SNAPSHOT_TTL_MS = 60_000;

interface Entry { compiled: CompiledRuleSet; at: number }

/**
 * Published versions never change, so each is compiled once per process and kept by
 * tenant/key/version (least recently used out first). A cache, not state: any process can rebuild it.
 */
export class CompiledRuleSetCache {
  private readonly entries = new Map<string, Entry>();

  get(tenantId: string, key: string, version: number, load: () => { document: RuleSetDocument; regions: RegionNode[] } | Promise<{ document: RuleSetDocument; regions: RegionNode[] }>): Promise<CompiledRuleSet> | CompiledRuleSet {
    const id = `${tenantId}/${key}/${version}`;
    const hit = this.entries.get(id);
    if (hit && Date.now() - hit.at < REGION_SNAPSHOT_TTL_MS) {
      this.entries.delete(id);
      this.entries.set(id, hit);
      return hit.compiled;
    }
    return Promise.resolve(load()).then(({ document, regions }) => {
      const compiled = compileRuleSet(document, { regions, version });
      this.entries.set(id, { compiled, at: Date.now() });
      if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
      return compiled;
    });
  }
}
