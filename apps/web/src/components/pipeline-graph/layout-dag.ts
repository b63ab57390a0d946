/** One job as the graph needs it: a unique name and the names it requires. */
export interface DagNode {
  name: string;
  requires: readonly string[];
}

export interface PlacedNode {
  name: string;
  /** Column: the longest chain of requirements before it. */
  layer: number;
  /** Row within the column. */
  row: number;
}

export interface DagLayout {
  nodes: Map<string, PlacedNode>;
  edges: { from: string; to: string }[];
  layers: number;
  rows: number;
}

/**
 * A layered layout (Sugiyama-style, kept small): each job goes one column right of the
 * furthest job it requires, and within a column jobs are ordered by the mean row of what
 * they require, so edges cross less. Requirements naming no job here are ignored, and a
 * cycle (the compiler refuses those) cannot hang it: every node is placed once.
 */
export function layoutDag(nodes: readonly DagNode[]): DagLayout {
  const byName = new Map(nodes.map((node) => [node.name, node]));
  const layerOf = new Map<string, number>();
  const visiting = new Set<string>();

  function layer(name: string): number {
    const known = layerOf.get(name);
    if (known !== undefined) return known;
    if (visiting.has(name)) return 0;
    visiting.add(name);
    const parents = (byName.get(name)?.requires ?? []).filter((parent) => byName.has(parent));
    const value = parents.length === 0 ? 0 : 1 + Math.max(...parents.map(layer));
    visiting.delete(name);
    layerOf.set(name, value);
    return value;
  }

  const columns: string[][] = [];
  for (const node of nodes) {
    const index = layer(node.name);
    const column = columns[index] ?? [];
    column.push(node.name);
    columns[index] = column;
  }

  const placed = new Map<string, PlacedNode>();
  columns.forEach((column = [], index) => {
    const weight = (name: string) => {
      const rows = (byName.get(name)?.requires ?? [])
        .map((parent) => placed.get(parent)?.row)
        .filter((row): row is number => row !== undefined);
      return rows.length === 0
        ? Number.POSITIVE_INFINITY
        : rows.reduce((a, b) => a + b) / rows.length;
    };
    // Stable: jobs with equal weight keep the config's order.
    const ordered =
      index === 0
        ? column
        : column
            .map((name, position) => ({ name, position, weight: weight(name) }))
            .sort((a, b) => a.weight - b.weight || a.position - b.position)
            .map((entry) => entry.name);
    ordered.forEach((name, row) => {
      placed.set(name, { name, layer: index, row });
    });
  });

  const edges = nodes.flatMap((node) =>
    node.requires.filter((parent) => byName.has(parent)).map((from) => ({ from, to: node.name })),
  );
  return {
    nodes: placed,
    edges,
    layers: columns.length,
    rows: Math.max(0, ...columns.map((column = []) => column.length)),
  };
}
