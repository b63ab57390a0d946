import type { Project } from "@cairn/db";
import { GitMirror } from "@cairn/vcs";
import type { Services } from "../services.ts";

/** The project's deploy key (private part), decrypted for one use; undefined when it has none. */
export async function decryptDeployKey(
  services: Pick<Services, "cipher">,
  project: Pick<Project, "deployKeyCiphertext">,
): Promise<string | undefined> {
  return project.deployKeyCiphertext
    ? await services.cipher.decrypt(project.deployKeyCiphertext)
    : undefined;
}

/** The project's repository mirror, with its deploy key decrypted for this use only. */
export async function openProjectMirror(
  services: Pick<Services, "cipher" | "dataDir">,
  project: Pick<Project, "id" | "repoUrl" | "deployKeyCiphertext">,
): Promise<GitMirror> {
  return new GitMirror({
    dataDir: services.dataDir,
    projectId: project.id,
    url: project.repoUrl,
    deployKey: await decryptDeployKey(services, project),
  });
}
