"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { AnsiText } from "../ansi-text.tsx";
import { formatDuration } from "../format.ts";
import { StatusBadge } from "../status-badge.tsx";
import { type LogLine, visibleText } from "./log-model.ts";
import { buildLogRows, type StepInfo } from "./log-rows.ts";
import { LogSearch, matchRanges, plainText, searchPattern } from "./log-search.ts";
import type { JobLogStream } from "./use-job-log-stream.ts";

const LINE_HEIGHT = 20;
const STEP_HEIGHT = 34;
/** Within this many pixels of the bottom counts as "at the bottom": following resumes. */
const BOTTOM_SLACK = 40;

/** Typing settles this long before the log is searched. */
const SEARCH_DEBOUNCE_MS = 150;

const pad = (value: number) => String(value).padStart(2, "0");

/** A line's time column: HH:MM:SS in local time, the full ISO time on hover. */
function LineTime({ at }: { at: number | null }) {
  if (at === null) return <span className="log-time" />;
  const date = new Date(at);
  const iso = date.toISOString();
  return (
    <time className="log-time" dateTime={iso} title={iso}>
      {pad(date.getHours())}:{pad(date.getMinutes())}:{pad(date.getSeconds())}
    </time>
  );
}

const lineFromHash = (hash: string) => {
  const match = /^#L(\d+)$/.exec(hash);
  return match ? Number(match[1]) : null;
};

/**
 * A job's output: one collapsible section per step, lines with ANSI colours and permalinks
 * (#L123), virtualized so a long log stays fast, following the tail until the reader
 * scrolls up. A search box finds lines (as they read, without colour codes) and steps
 * through them; a toggle shows when each line was stored.
 */
export function JobLog({ stream, steps }: { stream: JobLogStream; steps: StepInfo[] }) {
  const { model, version } = stream;
  const [collapsed, setCollapsed] = useState<ReadonlySet<number>>(new Set());
  const [follow, setFollow] = useState(true);
  const [target, setTarget] = useState<number | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [showTimes, setShowTimes] = useState(false);

  // Search: `input` is what is typed, `query` what was searched once typing settled.
  const searchRef = useRef<LogSearch>(null);
  searchRef.current ??= new LogSearch();
  const search = searchRef.current;
  const [input, setInput] = useState("");
  const [query, setQuery] = useState("");
  /** The line of the current match, null when none is chosen. */
  const [current, setCurrent] = useState<number | null>(null);
  /** A line to bring into view once (a search match), opening its step. */
  const [jump, setJump] = useState<number | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => setQuery(input), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [input]);
  // Only the lines added since the last update are scanned while the query stays the same.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` says the model changed
  const matchCount = useMemo(() => {
    search.update(model, query);
    return search.count;
  }, [search, model, query, version]);
  const pattern = useMemo(() => searchPattern(query), [query]);
  const goTo = useCallback((line: number | null) => {
    setCurrent(line);
    if (line === null) return;
    setFollow(false);
    setTarget(null); // a permalinked line would otherwise pull the view back to itself
    setJump(line);
  }, []);
  // A new query starts at its first match.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once per query
  useEffect(() => {
    goTo(query === "" ? null : search.next(null));
  }, [query]);

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
    if (jump === null) return;
    const line = model.lines[jump - 1];
    if (!line) return setJump(null);
    const step = line.step ?? -1;
    if (collapsed.has(step)) {
      setCollapsed((previous) => new Set([...previous].filter((index) => index !== step)));
      return;
    }
    const rowIndex = rows.indexOfLine(jump);
    if (rowIndex >= 0) virtualizer.scrollToIndex(rowIndex, { align: "center" });
    setJump(null);
  }, [jump, rows, model, collapsed, virtualizer]);

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

  const searchStep = (backwards: boolean) => {
    if (input !== query) {
      setQuery(input); // Enter before typing settled: search now, from the first match.
      return;
    }
    goTo(backwards ? search.previous(current) : search.next(current));
  };
  const clearSearch = () => {
    setInput("");
    setQuery("");
  };
  const position = current === null ? -1 : search.indexOf(current);
  let matchSummary = "";
  if (query !== "") {
    if (matchCount === 0) matchSummary = "No matches";
    else if (position >= 0) matchSummary = `${position + 1} of ${matchCount} matches`;
    else matchSummary = `${matchCount} matches`;
  }

  const lineText = (line: LogLine) => {
    const text = visibleText(line.text);
    const marks = pattern ? matchRanges(plainText(line.text), pattern) : [];
    return <AnsiText text={text} marks={marks} />;
  };

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
        <search className="log-search small">
          <input
            type="search"
            placeholder="Search the log"
            aria-label="Search the log"
            value={input}
            onChange={(event) => setInput(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "Enter") {
                event.preventDefault();
                searchStep(event.shiftKey);
              } else if (event.key === "Escape") {
                event.preventDefault();
                clearSearch();
              }
            }}
          />
          <button
            type="button"
            aria-label="Previous match"
            title="Previous match (Shift+Enter)"
            disabled={matchCount === 0}
            onClick={() => searchStep(true)}
          >
            ▲
          </button>
          <button
            type="button"
            aria-label="Next match"
            title="Next match (Enter)"
            disabled={matchCount === 0}
            onClick={() => searchStep(false)}
          >
            ▼
          </button>
          <output className="muted" aria-live="polite" data-testid="log-search-status">
            {matchSummary}
          </output>
        </search>
        <span className="log-options">
          <label className="small">
            <input
              type="checkbox"
              checked={showTimes}
              onChange={(event) => setShowTimes(event.target.checked)}
            />{" "}
            Timestamps
          </label>
          <label className="small">
            <input
              type="checkbox"
              checked={follow}
              onChange={(event) => setFollow(event.target.checked)}
            />{" "}
            Follow output
          </label>
        </span>
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
              let className = "log-line";
              if (target === row.line.number) className += " log-line-target";
              if (current === row.line.number) className += " log-line-current";
              return (
                <div
                  key={item.key}
                  id={id}
                  className={className}
                  style={style}
                  data-line={row.line.number}
                >
                  <a href={`#${id}`} className="log-number">
                    {row.line.number}
                  </a>
                  {showTimes ? <LineTime at={row.line.at} /> : null}
                  <span className="log-text">{lineText(row.line)}</span>
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
