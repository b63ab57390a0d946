import Anser from "anser";
import type { CSSProperties } from "react";

/** Text with ANSI colour codes shown as coloured spans (never as HTML: no injection). */
export function AnsiText({ text }: { text: string }) {
  const parts = Anser.ansiToJson(text, { use_classes: false, remove_empty: true });
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
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts of one line never reorder
          <span key={index} style={style}>
            {part.content}
          </span>
        );
      })}
    </>
  );
}
