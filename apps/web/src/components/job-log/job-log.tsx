"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { AnsiText } from "../ansi-text.tsx";
import { formatDuration } from "../format.ts";
import { StatusBadge } from "../status-badge.tsx";
import { visibleText } from "./log-model.ts";
import { buildLogRows, type StepInfo } from "./log-rows.ts";
import type { JobLogStream } from "./use-job-log-stream.ts";

const LINE_HEIGHT = 20;
const STEP_HEIGHT = 34;
/** Within this many pixels of the bottom counts as "at the bottom": following resumes. */
const BOTTOM_SLACK = 40;

const lineFromHash = (hash: string) => {
  const match = /^#L(\d+)$/.exec(hash);
  return match ? Number(match[1]) : null;
};

/**
 * A job's output: one collapsible section per step, lines with ANSI colours and permalinks
 * (#L123), virtualized so a long log stays fast, following the tail until the reader
 * scrolls up.
 */
export function JobLog({ stream, steps }: { stream: JobLogStream; steps: StepInfo[] }) {
  const { model, version } = stream;
  const [collapsed, setCollapsed] = useState<ReadonlySet<number>>(new Set());
  const [follow, setFollow] = useState(true);
  const [target, setTarget] = useState<number | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` says the model changed
  const rows = useMemo(
    () => buildLogRows(model.byStep, steps, collapsed),
    [model, steps, collapsed, version],
  );
  const virtualizer = useVirtualizer({
    count: rows.count,
    getScrollElement: () => scrollRef.current,
    // Rows are never measured: every size is known, so a million of them cost no layout.
    estimateSize: (index) => (rows.isStepHeader(index) ? STEP_HEIGHT : LINE_HEIGHT),
    overscan: 30,
  });

  useEffect(() => {
    const read = () => setTarget(lineFromHash(window.location.hash));
    read();
    window.addEventListener("hashchange", read);
    return () => window.removeEventListener("hashchange", read);
  }, []);

  // A permalinked line: open its step, stop following, bring it into view once it exists.
  useEffect(() => {
    if (target === null) return;
    const line = model.lines[target - 1];
    if (!line) return;
    setFollow(false);
    const step = line.step ?? -1;
    if (collapsed.has(step)) {
      setCollapsed((previous) => new Set([...previous].filter((index) => index !== step)));
      return;
    }
    const rowIndex = rows.indexOfLine(target);
    if (rowIndex >= 0) virtualizer.scrollToIndex(rowIndex, { align: "center" });
  }, [target, rows, model, collapsed, virtualizer]);

  useEffect(() => {
    if (follow && rows.count > 0) virtualizer.scrollToIndex(rows.count - 1, { align: "end" });
  }, [follow, rows, virtualizer]);

  // Scrolling up stops following; scrolling back to the bottom resumes it, but only when
  // the reader scrolled: the list's own scroll to the tail (queued before the reader
  // unticked "Follow output") must not tick it again.
  const readerScrolled = useRef(false);
  const markReaderScroll = useCallback(() => {
    readerScrolled.current = true;
  }, []);
  const onScroll = useCallback(() => {
    const element = scrollRef.current;
    if (!element) return;
    const atBottom = element.scrollHeight - element.scrollTop - element.clientHeight < BOTTOM_SLACK;
    if (!atBottom) setFollow(false);
    else if (readerScrolled.current) setFollow(true);
    readerScrolled.current = false;
  }, []);

  const toggle = (index: number) =>
    setCollapsed((previous) => {
      const next = new Set(previous);
      if (!next.delete(index)) next.add(index);
      return next;
    });

  return (
    <div
      className="log"
      data-testid="job-log"
      data-line-count={model.lines.length}
      data-last-seq={model.lastSeq}
    >
      <div className="log-toolbar">
        <span className="muted small">
          {model.lines.length} lines · {stream.connected ? "live" : "offline"}
        </span>
        <label className="small">
          <input
            type="checkbox"
            checked={follow}
            onChange={(event) => setFollow(event.target.checked)}
          />{" "}
          Follow output
        </label>
      </div>
      {stream.error ? <p className="error">{stream.error}</p> : null}
      {/* A log region, not announced line by line. */}
      <div
        className="log-scroll"
        role="log"
        aria-live="off"
        ref={scrollRef}
        onScroll={onScroll}
        onWheel={markReaderScroll}
        onTouchMove={markReaderScroll}
        onKeyDown={markReaderScroll}
        onPointerDown={markReaderScroll}
      >
        {rows.count === 0 ? (
          <div className="empty">No output yet.</div>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
            {virtualizer.getVirtualItems().map((item) => {
              const row = rows.at(item.index);
              if (!row) return null;
              const style = { transform: `translateY(${item.start}px)`, height: item.size };
              if (row.kind === "step") {
                return (
                  <button
                    type="button"
                    key={item.key}
                    className="log-step"
                    style={style}
                    onClick={() => toggle(row.step.index)}
                    aria-expanded={!row.collapsed}
                    data-step={row.step.index}
                  >
                    <span>{row.collapsed ? "▸" : "▾"}</span> <strong>{row.step.name}</strong>{" "}
                    {row.step.status ? <StatusBadge status={row.step.status} /> : null}
                    <span className="muted small">
                      {" "}
                      {formatDuration(row.step.durationMs)} · {row.lineCount} lines
                    </span>
                  </button>
                );
              }
              const id = `L${row.line.number}`;
              return (
                <div
                  key={item.key}
                  id={id}
                  className={`log-line${target === row.line.number ? " log-line-target" : ""}`}
                  style={style}
                  data-line={row.line.number}
                >
                  <a href={`#${id}`} className="log-number">
                    {row.line.number}
                  </a>
                  <span className="log-text">
                    <AnsiText text={visibleText(row.line.text)} />
                  </span>
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
