import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AuditLogLink } from "~/components/audit-log-link.tsx";
import { TRPCReactProvider } from "~/trpc/react.tsx";
import "./globals.css";

export const metadata: Metadata = {
  title: "Cairn",
  description: "Continuous integration that runs your .circleci/config.yml",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="topbar">
          <a href="/" className="brand">
            Cairn
          </a>
          <nav>
            <a href="/add-project">Add project</a> <AuditLogLink />
          </nav>
        </header>
        <main className="content">
          <TRPCReactProvider>{children}</TRPCReactProvider>
        </main>
      </body>
    </html>
  );
}
