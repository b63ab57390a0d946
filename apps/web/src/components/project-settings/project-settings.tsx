"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "~/trpc/react.tsx";
import { paths } from "../format.ts";
import { QueryState } from "../query-state.tsx";
import { ApiTokensSection } from "./api-tokens-section.tsx";
import { CheckoutKeySection } from "./checkout-key-section.tsx";
import { ContextsSection } from "./contexts-section.tsx";
import { EnvVarsSection } from "./env-vars-section.tsx";
import { ForkPolicySection } from "./fork-policy-section.tsx";
import { WebhookSection } from "./webhook-section.tsx";

const SECTIONS = [
  ["env-vars", "Environment variables"],
  ["contexts", "Contexts"],
  ["checkout-key", "Checkout key"],
  ["webhook", "Webhook"],
  ["api-tokens", "API tokens"],
  ["fork-policy", "Fork pull requests"],
] as const;

/** A project's settings, one section each, with a table of contents. */
export function ProjectSettings({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const settings = useQuery(trpc.settings.get.queryOptions({ slug }));
  if (!settings.data) return <QueryState error={settings.error} />;
  const { data } = settings;
  return (
    <div className="settings" data-testid="project-settings">
      <header className="page-header">
        <h1>Settings · {data.name}</h1>
        <p className="muted">
          <a href={paths.project(data.slug)}>{data.slug}</a>
          {data.canManage
            ? null
            : " · You can read these settings; an owner or admin of the organization changes keys, webhook and fork policy."}
        </p>
      </header>
      <nav className="settings-nav" aria-label="Settings sections">
        {SECTIONS.map(([id, title]) => (
          <a key={id} href={`#${id}`}>
            {title}
          </a>
        ))}
      </nav>
      <EnvVarsSection slug={data.slug} />
      <ContextsSection organizationSlug={data.organizationSlug} projectSlug={data.slug} />
      <CheckoutKeySection slug={data.slug} canManage={data.canManage} />
      <WebhookSection slug={data.slug} canManage={data.canManage} />
      <ApiTokensSection />
      <ForkPolicySection slug={data.slug} policy={data.forkPolicy} canManage={data.canManage} />
    </div>
  );
}
