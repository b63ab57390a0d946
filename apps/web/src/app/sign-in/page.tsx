const problems: Record<string, string> = {
  used: "That sign-in link was already used. Each link works once.",
  expired: "That sign-in link has expired.",
  unknown: "That sign-in link is not valid.",
};

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ error?: string }>;
}) {
  const { error } = await searchParams;
  const problem = error ? (problems[error] ?? problems.unknown) : undefined;
  return (
    <section>
      <h1>Sign in to Cairn</h1>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      <p>
        The local administrator signs in with the one-time link that <code>npm start</code> prints
        as <code>Sign in: …</code>. Restart Cairn to get a fresh link.
      </p>
    </section>
  );
}
