import { generateDeployKey } from "@cairn/vcs";
import { findManageableProject } from "../access/find-manageable-project.ts";
import { findVisibleProject } from "../access/find-visible-project.ts";
import type { Viewer } from "../access/viewer.ts";
import { audited, describeProject, projectNote } from "../audit/record-audit.ts";
import type { Services } from "../services.ts";

export interface DeployKeyInfo {
  publicKey: string;
  fingerprint: string;
  createdAt: string;
}

type KeyColumns = {
  deployKeyPublic: string | null;
  deployKeyFingerprint: string | null;
  deployKeyCreatedAt: Date | null;
  createdAt: Date;
};

function present(project: KeyColumns): DeployKeyInfo | null {
  if (!project.deployKeyPublic || !project.deployKeyFingerprint) return null;
  return {
    publicKey: project.deployKeyPublic,
    fingerprint: project.deployKeyFingerprint,
    createdAt: (project.deployKeyCreatedAt ?? project.createdAt).toISOString(),
  };
}

/** The public half of the project's checkout (deploy) key, or null when it has none. */
export async function getDeployKey(
  services: Pick<Services, "db">,
  viewer: Viewer,
  slug: string,
): Promise<DeployKeyInfo | null> {
  return present(await findVisibleProject(services.db, viewer, slug));
}

/**
 * A fresh ed25519 key pair replaces the old one (private half encrypted at rest); the old
 * public key stops working once removed from the repository, so the new one must be added.
 */
export async function regenerateDeployKey(
  services: Pick<Services, "db" | "cipher">,
  viewer: Viewer,
  slug: string,
): Promise<DeployKeyInfo> {
  const note = projectNote("project.deploy_key.regenerate", slug);
  return audited(services.db, viewer, note, async () => {
    const project = await findManageableProject(services.db, viewer, slug);
    describeProject(note, project);
    const key = generateDeployKey(`cairn ${project.slug}`);
    const encrypted = await services.cipher.encrypt(key.privateKey);
    const updated = await services.db.project.update({
      where: { id: project.id },
      data: {
        deployKeyPublic: key.publicKey,
        deployKeyFingerprint: key.fingerprint,
        deployKeyCiphertext: encrypted.ciphertext,
        deployKeyKeyVersion: encrypted.keyVersion,
        deployKeyCreatedAt: new Date(),
      },
    });
    note.metadata = { fingerprint: key.fingerprint };
    return present(updated) as DeployKeyInfo;
  });
}
