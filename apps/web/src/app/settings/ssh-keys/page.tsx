import { SshKeysSettings } from "~/components/ssh-keys/ssh-keys-settings.tsx";
import { requireUser } from "~/trpc/require-user.ts";

export const dynamic = "force-dynamic";

export default async function SshKeysPage() {
  await requireUser();
  return (
    <section className="settings">
      <header className="page-header">
        <h1>SSH keys</h1>
      </header>
      <SshKeysSettings />
    </section>
  );
}
