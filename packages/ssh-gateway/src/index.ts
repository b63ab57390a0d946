export {
  type BrowserTerminal,
  type BrowserTerminalOptions,
  openBrowserTerminal,
} from "./browser-terminal.ts";
export { type HostKey, hostKeyFingerprint, loadOrCreateHostKey } from "./host-key.ts";
export {
  fingerprintOfBlob,
  InvalidPublicKeyError,
  type ParsedPublicKey,
  parsePublicKey,
} from "./public-keys.ts";
export { mayOpenShell } from "./shell-access.ts";
export {
  DEFAULT_WINDOW_SECONDS,
  type HoldWindowOptions,
  type JobSshAccess,
  MAX_WINDOW_SECONDS,
  SshGateway,
  type SshGatewayOptions,
} from "./ssh-gateway.ts";
export { SshWindow, WINDOW_ENDED_MESSAGE } from "./ssh-window.ts";
export { consumeTerminalTicket, createTerminalTicket } from "./terminal-tickets.ts";
