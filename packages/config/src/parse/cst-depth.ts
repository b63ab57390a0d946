import type { CST } from "yaml";

/**
 * The deepest collection nesting in a CST, computed without recursion. The yaml composer
 * recurses once per level and a few thousand levels exhaust V8 (even crash the process),
 * so the depth is measured on the flat token stream first and deep input refused.
 */
export function deepestNesting(tokens: readonly CST.Token[], stopAbove: number): number {
  let deepest = 0;
  const stack: { token: CST.Token | undefined; depth: number }[] = tokens.map((token) => ({
    token,
    depth: 0,
  }));
  while (stack.length > 0) {
    const { token, depth } = stack.pop()!;
    if (!token) continue;
    if (depth > deepest) {
      deepest = depth;
      if (deepest > stopAbove) return deepest;
    }
    switch (token.type) {
      case "document":
        stack.push({ token: token.value, depth });
        break;
      case "block-map":
      case "block-seq":
      case "flow-collection":
        for (const item of token.items) {
          const entry = item as { key?: CST.Token | null; value?: CST.Token };
          if (entry.key) stack.push({ token: entry.key, depth: depth + 1 });
          stack.push({ token: entry.value, depth: depth + 1 });
        }
        break;
      default:
        break;
    }
  }
  return deepest;
}
