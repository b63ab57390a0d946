// Test helpers for packages that use @cairn/vcs: a provider API stand-in, a real sshd git
// server and git commands. Never imported by production code.

export { commit, git } from "./git-repo.ts";
export {
  type InjectedFault,
  type ProviderStandIn,
  type RecordedCall,
  type StandInRepository,
  startProviderStandIn,
} from "./provider-stand-in.ts";
export { type SshGitServer, startSshGitServer } from "./ssh-git-server.ts";
