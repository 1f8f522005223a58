import { compileRuleSet, type CompiledRuleSet, type RegionNode, type RuleSetDocument } from '../../rules/index.js';
import { ruleSetWeight } from './rule-set-batch.service.js';

const MAX_ENTRIES = 500;
/** Regions can change under a published rule set (a deploy); a compiled entry is rebuilt after this. */
const REGION_SNAPSHOT_TTL_MS = 60_000;

/** A compiled version and its weight (what one pass costs, for a batch's budget). */
export interface CachedRuleSet { compiled: CompiledRuleSet; weight: number }

interface Entry extends CachedRuleSet { at: number }

type Load = () => { document: RuleSetDocument; regions: RegionNode[] } | Promise<{ document: RuleSetDocument; regions: RegionNode[] }>;

/**
 * Published versions never change, so each is compiled once per process and kept by
 * tenant/key/version (least recently used out first). A cache, not state: any process can rebuild it.
 */
export class CompiledRuleSetCache {
  private readonly entries = new Map<string, Entry>();

  get(tenantId: string, key: string, version: number, load: Load): Promise<CompiledRuleSet> | CompiledRuleSet {
    const entry = this.entry(tenantId, key, version, load);
    return entry instanceof Promise ? entry.then((e) => e.compiled) : entry.compiled;
  }

  entry(tenantId: string, key: string, version: number, load: Load): Promise<CachedRuleSet> | CachedRuleSet {
    const id = `${tenantId}/${key}/${version}`;
    const hit = this.entries.get(id);
    if (hit && Date.now() - hit.at < REGION_SNAPSHOT_TTL_MS) {
      this.entries.delete(id);
      this.entries.set(id, hit);
      return hit;
    }
    return Promise.resolve(load()).then(({ document, regions }) => {
      const entry = { compiled: compileRuleSet(document, { regions, version }), weight: ruleSetWeight(document), at: Date.now() };
      this.entries.set(id, entry);
      if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
      return entry;
    });
  }
}
