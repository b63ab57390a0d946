export default function NotFound() {
  return (
    <section className="empty" data-testid="not-found">
      <h1>Not found</h1>
      <p>
        There is nothing here, or it belongs to a project you cannot see.{" "}
        <a href="/">Back to the dashboard</a>
      </p>
    </section>
  );
}
