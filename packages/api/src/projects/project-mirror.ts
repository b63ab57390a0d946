import type { Project } from "@cairn/db";
import { GitMirror } from "@cairn/vcs";
import type { Services } from "../services.ts";

/** The project's repository mirror, with its deploy key decrypted for this use only. */
export async function openProjectMirror(
  services: Pick<Services, "cipher" | "dataDir">,
  project: Pick<Project, "id" | "repoUrl" | "deployKeyCiphertext">,
): Promise<GitMirror> {
  const deployKey = project.deployKeyCiphertext
    ? await services.cipher.decrypt(project.deployKeyCiphertext)
    : undefined;
  return new GitMirror({
    dataDir: services.dataDir,
    projectId: project.id,
    url: project.repoUrl,
    deployKey,
  });
}
