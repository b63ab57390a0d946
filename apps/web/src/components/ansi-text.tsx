import Anser from "anser";
import type { CSSProperties, ReactNode } from "react";

/**
 * Text with ANSI colour codes shown as coloured spans (never as HTML: no injection).
 * `marks` are [start, end) ranges of the text without its codes to show as <mark> (search).
 */
export function AnsiText({
  text,
  marks = [],
}: {
  text: string;
  marks?: readonly (readonly [number, number])[];
}) {
  const parts = Anser.ansiToJson(text, { use_classes: false, remove_empty: true });
  let position = 0;
  return (
    <>
      {parts.map((part, index) => {
        const style: CSSProperties = {};
        if (part.fg) style.color = `rgb(${part.fg})`;
        if (part.bg) style.backgroundColor = `rgb(${part.bg})`;
        if (part.decorations.includes("bold")) style.fontWeight = 700;
        if (part.decorations.includes("italic")) style.fontStyle = "italic";
        if (part.decorations.includes("underline")) style.textDecoration = "underline";
        if (part.decorations.includes("dim")) style.opacity = 0.7;
        const start = position;
        position += part.content.length;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts of one line never reorder
          <span key={index} style={style}>
            {marks.length === 0 ? part.content : marked(part.content, start, marks)}
          </span>
        );
      })}
    </>
  );
}

/** `content` (which starts at `start` of the whole text) with the marked ranges wrapped. */
function marked(
  content: string,
  start: number,
  marks: readonly (readonly [number, number])[],
): ReactNode[] {
  const nodes: ReactNode[] = [];
  let cursor = 0;
  for (const [from, to] of marks) {
    const begin = Math.max(from - start, cursor);
    const end = Math.min(to - start, content.length);
    if (begin >= end) continue;
    if (begin > cursor) nodes.push(content.slice(cursor, begin));
    nodes.push(<mark key={begin}>{content.slice(begin, end)}</mark>);
    cursor = end;
  }
  if (cursor < content.length) nodes.push(content.slice(cursor));
  return nodes;
}
