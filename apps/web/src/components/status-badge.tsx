const TONES: Record<string, string> = {
  success: "ok",
  failed: "bad",
  failing: "bad",
  error: "bad",
  infrastructure_fail: "bad",
  timedout: "bad",
  unauthorized: "bad",
  running: "busy",
  queued: "wait",
  blocked: "wait",
  created: "wait",
  pending: "wait",
  on_hold: "wait",
};

/** A status word with a colour that says good, bad, busy or waiting. */
export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`badge badge-${TONES[status] ?? "idle"}`} data-status={status}>
      {status.replaceAll("_", " ")}
    </span>
  );
}
