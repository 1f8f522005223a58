/** A tenant's region hierarchy, passed in as data: [{ code, parent }]. */
export interface RegionNode {
  code: string;
  parent: string | null;
}

export interface RegionTree {
  /** True when `region` equals `code` or is one of its ancestors. */
  covers(region: string, code: string): boolean;
  /** The ancestor directly below the root (a root's own code for a root; the code itself if unknown). */
  topRegion(code: string): string | null;
  has(code: string): boolean;
}

const EMPTY: RegionTree = {
  covers: (region, code) => region === code,
  topRegion: () => null,
  has: () => false,
};

const cache = new WeakMap<readonly RegionNode[], RegionTree>();

export function buildRegionTree(regions: readonly RegionNode[] | undefined): RegionTree {
  if (!regions || regions.length === 0) return EMPTY;
  const hit = cache.get(regions);
  if (hit) return hit;
  const parentOf = new Map<string, string | null>();
  for (const r of regions) parentOf.set(r.code, r.parent);
  const tops = new Map<string, string | null>();
  const ancestorsOf = new Map<string, Set<string>>();
  for (const r of regions) {
    const chain = new Set<string>();
    let cur: string | null | undefined = r.code;
    let guard = 0;
    while (cur != null && !chain.has(cur) && guard++ < 64) {
      chain.add(cur);
      cur = parentOf.get(cur);
    }
    ancestorsOf.set(r.code, chain);
    const path = [...chain];
    // path = [code, parent, ..., root]; the top region is the element just below the root.
    tops.set(r.code, path.length >= 2 ? path[path.length - 2] : path[0]);
  }
  const tree: RegionTree = {
    covers: (region, code) => region === code || (ancestorsOf.get(code)?.has(region) ?? false),
    topRegion: (code) => tops.get(code) ?? null,
    has: (code) => parentOf.has(code),
  };
  cache.set(regions, tree);
  return tree;
}
