import {
  Composer,
  type Document,
  isAlias,
  isScalar,
  isMap as isYamlMap,
  isSeq as isYamlSeq,
  LineCounter,
  type Node,
  Parser,
} from "yaml";
import { ErrorList } from "../errors.ts";
import { limits } from "../limits.ts";
import { isMap, newMap } from "../values.ts";
import { deepestNesting } from "./cst-depth.ts";
import { positionOfChild, recordPositions, type SourcePosition } from "./locations.ts";
import { circleTags } from "./yaml-schema.ts";

export interface ParsedYaml {
  /** The document as plain data, aliases and merge keys resolved; undefined when unusable. */
  value: unknown;
  errors: ErrorList;
}

/** Thrown inside the converter only, to stop at the first fatal structural problem. */
class Abort extends Error {}

/**
 * Parses one YAML document keeping positions (see locations.ts). Never throws: malformed
 * YAML, excessive alias expansion ("billion laughs"), deep nesting and oversized input
 * all come back as errors.
 */
export function parseYaml(source: string, file: string, errors = new ErrorList()): ParsedYaml {
  const origin: SourcePosition = { file, line: 1, column: 1 };
  const bytes = Buffer.byteLength(source, "utf8");
  if (bytes > limits.maxSourceBytes) {
    errors.add(
      origin,
      "",
      `the config is ${bytes} bytes; the limit is 8 MB (${limits.maxSourceBytes} bytes)`,
    );
    return { value: undefined, errors };
  }
  const text = source.startsWith("\uFEFF") ? source.slice(1) : source;
  const lineCounter = new LineCounter();
  const at = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };

  let documents: Document.Parsed[];
  try {
    const tokens = Array.from(new Parser(lineCounter.addNewLine).parse(text));
    if (deepestNesting(tokens, limits.maxDepth) > limits.maxDepth) {
      errors.add(origin, "", `the YAML is nested deeper than ${limits.maxDepth} levels`);
      return { value: undefined, errors };
    }
    const composer = new Composer({
      version: "1.1",
      merge: true,
      prettyErrors: false,
      uniqueKeys: false, // duplicates are reported by the converter, which knows `<<` may repeat
      customTags: circleTags,
    });
    documents = Array.from(composer.compose(tokens, true, text.length));
  } catch (error) {
    // The composer recurses per nesting level; absurd nesting exhausts the stack.
    const reason = error instanceof RangeError ? "the YAML is nested too deeply" : String(error);
    errors.add(origin, "", `cannot parse YAML: ${reason}`);
    return { value: undefined, errors };
  }

  if (documents.length === 0) return { value: null, errors };
  if (documents.length > 1) {
    const second = documents[1]!;
    errors.add(at(second.range[0]), "", "a config holds one YAML document; found a second ('---')");
  }
  const document = documents[0]!;
  for (const problem of document.errors) {
    errors.add(at(problem.pos[0]), "", `YAML syntax error: ${firstLine(problem.message)}`);
  }
  if (document.errors.length > 0) return { value: undefined, errors };

  const converter = new Converter(document, at, errors);
  try {
    return { value: converter.convert(document.contents, 0).value, errors };
  } catch (error) {
    if (error instanceof Abort) return { value: undefined, errors };
    if (error instanceof RangeError) {
      errors.add(origin, "", "the YAML is nested too deeply");
      return { value: undefined, errors };
    }
    throw error;
  }
}

function firstLine(message: string): string {
  return message.split("\n")[0]!.trim();
}

interface Converted {
  value: unknown;
  /** Nodes this value stands for once every alias is expanded. */
  size: number;
}

/**
 * Turns the yaml AST into plain data. Aliased nodes are converted once and shared (the
 * compiler never mutates), and their expanded size is tracked so that a document that
 * would expand to billions of nodes is refused before anyone walks it.
 */
class Converter {
  private readonly done = new Map<Node, Converted>();
  private readonly inProgress = new Set<Node>();

  constructor(
    private readonly document: Document.Parsed,
    private readonly at: (offset: number) => SourcePosition,
    private readonly errors: ErrorList,
  ) {}

  convert(node: unknown, depth: number): Converted {
    if (node === null || node === undefined) return { value: null, size: 1 };
    if (depth > limits.maxDepth) {
      this.fail(node, `nesting deeper than ${limits.maxDepth} levels`);
    }
    if (isAlias(node)) {
      const target = node.resolve(this.document);
      if (!target) this.fail(node, `unknown alias '*${node.source}'`);
      if (this.inProgress.has(target as Node)) {
        this.fail(node, `alias '*${node.source}' refers to a node that contains it`);
      }
      return this.convert(target, depth + 1);
    }
    if (isScalar(node)) return { value: node.value, size: 1 };
    const cached = this.done.get(node as Node);
    if (cached) return cached;
    this.inProgress.add(node as Node);
    const result = isYamlMap(node)
      ? this.convertMap(node, depth)
      : isYamlSeq(node)
        ? this.convertSeq(node, depth)
        : this.fail(node, "unsupported YAML node");
    this.inProgress.delete(node as Node);
    if (result.size > limits.maxExpandedNodes) {
      this.fail(
        node,
        `aliases expand this document beyond ${limits.maxExpandedNodes} nodes; refusing it (an alias bomb?)`,
      );
    }
    this.done.set(node as Node, result);
    return result;
  }

  private convertSeq(node: { items: unknown[]; range?: unknown }, depth: number): Converted {
    const value: unknown[] = [];
    const positions = new Map<number, SourcePosition>();
    let size = 1;
    for (const item of node.items) {
      const converted = this.convert(item, depth + 1);
      positions.set(value.length, this.positionOf(item, node));
      value.push(converted.value);
      size += converted.size;
    }
    recordPositions(value, this.positionOf(node, node), new Map(), positions);
    return { value, size };
  }

  private convertMap(
    node: { items: { key: unknown; value: unknown }[] },
    depth: number,
  ): Converted {
    const value = newMap();
    const keyPositions = new Map<string, SourcePosition>();
    const valuePositions = new Map<string, SourcePosition>();
    const merges: { node: unknown; pair: unknown }[] = [];
    let size = 1;
    for (const pair of node.items) {
      if (isMergeKey(pair.key)) {
        merges.push({ node: pair.value, pair: pair.key });
        continue;
      }
      const key = this.keyOf(pair.key, node);
      if (key === undefined) continue;
      if (keyPositions.has(key)) {
        this.errors.add(this.positionOf(pair.key, node), "", `duplicate key '${key}' in this map`);
      }
      const converted = this.convert(pair.value, depth + 1);
      value[key] = converted.value;
      size += converted.size;
      keyPositions.set(key, this.positionOf(pair.key, node));
      valuePositions.set(key, this.positionOf(pair.value, pair.key));
    }
    // Merge keys (`<<: *alias`, `<<: [*a, *b]`, even repeated): explicit keys win, then
    // earlier merges win over later ones — the YAML 1.1 merge rules.
    for (const merge of merges) {
      const converted = this.convert(merge.node, depth + 1);
      size += converted.size;
      const sources = Array.isArray(converted.value) ? converted.value : [converted.value];
      for (const source of sources) {
        if (!isMap(source)) {
          this.errors.add(
            this.positionOf(merge.pair, node),
            "",
            "a merge key '<<' takes a map, an alias of a map, or a list of those",
          );
          continue;
        }
        for (const key of Object.keys(source)) {
          if (Object.hasOwn(value, key)) continue;
          value[key] = source[key];
          const where = positionOfChild(source, key) ?? this.positionOf(merge.node, merge.pair);
          keyPositions.set(key, where);
          valuePositions.set(key, where);
        }
      }
    }
    recordPositions(value, this.positionOf(node, node), keyPositions, valuePositions);
    return { value, size };
  }

  private keyOf(keyNode: unknown, map: unknown): string | undefined {
    if (keyNode === null || keyNode === undefined) return "";
    if (isScalar(keyNode)) {
      const key = keyNode.value;
      return key === null ? "" : String(key);
    }
    this.errors.add(
      this.positionOf(keyNode, map),
      "",
      "a map key must be a plain value, not a map or list",
    );
    return undefined;
  }

  private positionOf(node: unknown, fallback: unknown): SourcePosition {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    if (range) return this.at(range[0]);
    const other = (fallback as { range?: [number, number, number] } | null)?.range;
    return this.at(other ? other[0] : 0);
  }

  private fail(node: unknown, message: string): never {
    this.errors.add(this.positionOf(node, node), "", message);
    throw new Abort(message);
  }
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && typeof key.value === "symbol" && key.source === "<<";
}
